// Callback checks: state, iss (RFC 9207), error responses and the presence of a code.
#include "oauth/CallbackValidator.h"

#include "util/JsonQt.h"

namespace wb {

namespace {
// Shortens a value for a sentence; the checks table keeps the full value.
QString shortValue(const QString &v)
{
    if (v.isEmpty())
        return QStringLiteral("(empty)");
    return v.size() > 12 ? v.left(12) + QChar(0x2026) : v;
}

// Compares without an early exit, so timing does not reveal how much of the state matched
// (the length may leak; it is not secret).
bool sameSecret(const QString &a, const QString &b)
{
    const QByteArray x = a.toUtf8(), y = b.toUtf8();
    if (x.size() != y.size())
        return false;
    unsigned diff = 0;
    for (qsizetype i = 0; i < x.size(); ++i)
        diff |= static_cast<unsigned char>(x[i] ^ y[i]);
    return diff == 0;
}

nlohmann::json checkEntry(const char *check, const char *result, const QString &expected,
                          const QString &actual, const QString &note)
{
    return {{"check", check},
            {"result", result},
            {"expected", toStd(expected)},
            {"actual", toStd(actual)},
            {"note", toStd(note)}};
}

struct Failure {
    QString code, message;
};

// Returns the failure (empty code when the state is fine).
Failure checkState(const CallbackParams &p, const CallbackExpectations &e, CallbackResult &r)
{
    if (!e.checkState) {
        r.checks.push_back(checkEntry("state", "skipped", e.state, p.hasState ? p.state : QString(),
                                      QStringLiteral("turned off by the checkState opt-out")));
        r.warnings.append(
            QStringLiteral("The state check is turned off (checkState opt-out): the callback was not "
                           "tied to this flow, so a forged or stale callback would be accepted."));
        return {};
    }
    if (!p.hasState) {
        const QString msg =
            QStringLiteral("The callback carried no state parameter, but this flow sent state %1; "
                           "the token request was not sent.")
                .arg(shortValue(e.state));
        r.checks.push_back(checkEntry("state", "fail", e.state, QString(), QStringLiteral("state missing")));
        return {QStringLiteral("state_missing"), msg};
    }
    if (e.state.isEmpty()) {
        r.checks.push_back(
            checkEntry("state", "fail", e.state, p.state, QStringLiteral("this flow sent no state")));
        return {QStringLiteral("state_mismatch"),
                QStringLiteral(
                    "The callback carried state %1, but this flow sent no state to compare it with; the "
                    "token request was not sent.")
                    .arg(shortValue(p.state))};
    }
    if (!sameSecret(p.state, e.state)) {
        r.checks.push_back(checkEntry("state", "fail", e.state, p.state, QStringLiteral("values differ")));
        return {
            QStringLiteral("state_mismatch"),
            QStringLiteral("The state in the callback (%1) does not match the state this flow sent (%2); the "
                           "token request was not sent.")
                .arg(shortValue(p.state), shortValue(e.state))};
    }
    r.checks.push_back(checkEntry("state", "pass", e.state, p.state, {}));
    return {};
}

Failure checkIss(const CallbackParams &p, const CallbackExpectations &e, CallbackResult &r)
{
    const QString actual = p.hasIss ? p.iss : QString();
    if (!e.checkIss) {
        r.checks.push_back(checkEntry("iss", "skipped", e.issuer, actual,
                                      QStringLiteral("turned off by the checkIss opt-out")));
        r.warnings.append(
            QStringLiteral("The issuer (iss) check is turned off (checkIss opt-out): a callback from "
                           "a different authorization server (mix-up attack) would be accepted."));
        return {};
    }
    if (p.hasIss) {
        if (e.issuer.isEmpty()) {
            r.checks.push_back(checkEntry("iss", "skipped", {}, actual,
                                          QStringLiteral("no expected issuer known (explicit endpoints)")));
            r.warnings.append(
                QStringLiteral("The callback carried iss=%1, but no issuer is configured for this "
                               "profile, so it could not be compared.")
                    .arg(p.iss));
            return {};
        }
        if (p.iss != e.issuer) {
            QString msg =
                QStringLiteral("The callback's iss (%1) is not the expected issuer (%2); the response may "
                               "come from a different authorization server, so the token request was "
                               "not sent.")
                    .arg(p.iss, e.issuer);
            QString a = p.iss, b = e.issuer;
            while (a.endsWith(QLatin1Char('/')))
                a.chop(1);
            while (b.endsWith(QLatin1Char('/')))
                b.chop(1);
            if (a == b)
                msg +=
                    QStringLiteral(" They differ only by a trailing slash; RFC 9207 requires an exact match, "
                                   "so fix the configured issuer.");
            r.checks.push_back(checkEntry("iss", "fail", e.issuer, actual, QStringLiteral("values differ")));
            return {QStringLiteral("iss_mismatch"), msg};
        }
        r.checks.push_back(checkEntry("iss", "pass", e.issuer, actual, {}));
        return {};
    }
    if (e.issAdvertised) {
        r.checks.push_back(
            checkEntry("iss", "fail", e.issuer, {},
                       QStringLiteral("server advertises authorization_response_iss_parameter_supported")));
        return {
            QStringLiteral("iss_missing"),
            QStringLiteral("The callback has no iss parameter although the server's metadata advertises "
                           "authorization_response_iss_parameter_supported (RFC 9207); the token request was "
                           "not sent.")};
    }
    r.checks.push_back(checkEntry("iss", "pass", e.issuer, {}, QStringLiteral("absent; not advertised")));
    r.warnings.append(
        QStringLiteral("The callback has no iss parameter; the server does not advertise RFC 9207, "
                       "so mix-up protection relies on the state alone."));
    return {};
}

ProtocolError protocolError(const CallbackParams &p)
{
    ProtocolError pe;
    pe.error = p.error;
    pe.description = p.errorDescription;
    pe.uri = p.errorUri;
    static const QStringList known = {QStringLiteral("error"), QStringLiteral("error_description"),
                                      QStringLiteral("error_uri"), QStringLiteral("state"),
                                      QStringLiteral("iss")};
    for (const auto &[name, value] : p.all) {
        if (!known.contains(name))
            pe.extras[toStd(name)] = toStd(value);
    }
    return pe;
}
} // namespace

CallbackResult validateCallback(const CallbackParams &params, const CallbackExpectations &expect)
{
    CallbackResult r;
    r.checks.push_back(
        checkEntry("error", params.hasError ? "fail" : "pass", {}, params.hasError ? params.error : QString(),
                   params.hasError ? QStringLiteral("authorization server returned an error") : QString()));
    const Failure state = checkState(params, expect, r);
    const Failure iss = checkIss(params, expect, r);

    if (params.hasError) {
        // The server's own error explains the failure best; check failures become context.
        if (!state.code.isEmpty())
            r.warnings.append(QStringLiteral("Also: ") + state.message);
        if (!iss.code.isEmpty())
            r.warnings.append(QStringLiteral("Also: ") + iss.message);
        QString msg = QStringLiteral("The authorization server returned error=%1 instead of a code")
                          .arg(params.error.isEmpty() ? QStringLiteral("(empty)") : params.error);
        msg += params.errorDescription.isEmpty() ? QStringLiteral(".")
                                                 : QStringLiteral(": \"%1\".").arg(params.errorDescription);
        if (!params.errorUri.isEmpty())
            msg += QStringLiteral(" More at %1.").arg(params.errorUri);
        r.error = Error{ErrorKind::Protocol, params.error, msg, protocolError(params)};
        return r;
    }

    const bool codeOk = params.hasCode && !params.code.isEmpty();
    r.checks.push_back(checkEntry("code", codeOk ? "pass" : "fail", QStringLiteral("present"),
                                  codeOk ? QStringLiteral("present") : QStringLiteral("absent"), {}));
    if (!state.code.isEmpty()) {
        r.error = Error::make(ErrorKind::Validation, state.code, state.message);
    } else if (!iss.code.isEmpty()) {
        r.error = Error::make(ErrorKind::Validation, iss.code, iss.message);
    } else if (!codeOk) {
        r.error = Error::make(
            ErrorKind::Validation, QStringLiteral("missing_code"),
            QStringLiteral("The callback carried neither a code nor an error; check response_type "
                           "and response_mode, and whether the redirect lost its query or fragment."));
    } else {
        r.code = params.code;
    }
    return r;
}

} // namespace wb
