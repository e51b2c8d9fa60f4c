#include "report/Redactor.h"

#include "oauth/CallbackParams.h"
#include "oauth/Jwt.h"
#include "oauth/UrlCodec.h"
#include "report/NamedSecretScan.h"
#include "util/FastJson.h"
#include "util/InOrder.h"
#include "util/JsonQt.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <algorithm>
#include <array>
#include <cstring>

namespace wb {

namespace {
QByteArray maskBytes(const QByteArray &value)
{
    return Redactor::mask(QString::fromUtf8(value)).toUtf8();
}

QByteArray redactCookiePairs(const QByteArray &value, bool setCookie)
{
    // Cookie: a=1; b=2  -> names kept. Set-Cookie: a=1; Path=/ -> only the first pair is a value.
    QList<QByteArray> parts = value.split(';');
    for (int i = 0; i < parts.size(); ++i) {
        if (setCookie && i > 0)
            break;
        const int eq = parts[i].indexOf('=');
        if (eq < 0)
            continue;
        const QByteArray v = parts[i].mid(eq + 1).trimmed();
        if (!Redactor::isMasked(QString::fromUtf8(v)))
            parts[i] = parts[i].left(eq + 1) + maskBytes(v);
    }
    return parts.join(';');
}

const QString kFullNote = QStringLiteral("[hidden by full redaction]");
} // namespace

QString toString(RedactionMode m)
{
    switch (m) {
    case RedactionMode::Standard:
        return QStringLiteral("standard");
    case RedactionMode::Full:
        return QStringLiteral("full");
    case RedactionMode::None:
        return QStringLiteral("none");
    }
    return QStringLiteral("standard");
}

RedactionMode redactionModeFromString(const QString &s, bool *ok)
{
    const QString l = s.trimmed().toLower();
    if (ok)
        *ok = true;
    if (l == u"full")
        return RedactionMode::Full;
    if (l == u"none")
        return RedactionMode::None;
    if (ok)
        *ok = l == u"standard";
    return RedactionMode::Standard;
}

Redactor::Redactor(const QStringList &secrets, bool enabled)
    : Redactor(secrets, enabled ? RedactionMode::Standard : RedactionMode::None)
{
}

Redactor::Redactor(const QStringList &secrets, RedactionMode mode) : m_mode(mode)
{
    // Each secret's forms and mask on worker threads (a long session has thousands, and a mask
    // decodes a JWT), then gathered in order, each form once.
    struct Forms {
        QList<QByteArray> forms;
        QByteArray replacement;
    };
    const auto formsOf = [&](qsizetype i) {
        const QString &s = secrets.at(i);
        if (s.size() < 4 || isMasked(s))
            return Forms{}; // too short to search for without mangling unrelated text
        return Forms{{s.toUtf8(), QUrl::toPercentEncoding(s), encodeFormUrlEncoded({{QString(), s}}).mid(1)},
                     maskToken(s, mode == RedactionMode::None ? RedactionMode::Standard : mode).toUtf8()};
    };
    QSet<QByteArray> seen;
    inOrder(
        secrets.size(), formsOf,
        [&](qsizetype, Forms &&f) {
            for (const auto &form : f.forms) {
                if (seen.contains(form))
                    continue;
                seen.insert(form);
                m_needles.append({form, f.replacement});
            }
            return true;
        },
        512);
    std::stable_sort(m_needles.begin(), m_needles.end(),
                     [](const Needle &a, const Needle &b) { return a.raw.size() > b.raw.size(); });
    QList<QByteArray> raws;
    raws.reserve(m_needles.size());
    for (const Needle &n : m_needles)
        raws.append(n.raw);
    m_index = NeedleIndex(raws);
}

QString Redactor::mask(const QString &value)
{
    // The tail lets two reports be compared; below 16 chars it would give away too much.
    if (value.size() < 16)
        return QStringLiteral("[redacted %1 chars]").arg(value.size());
    return QStringLiteral("[redacted %1 chars …%2]").arg(value.size()).arg(value.right(4));
}

QString Redactor::maskToken(const QString &value, RedactionMode mode)
{
    if (mode == RedactionMode::None || value.isEmpty() || isMasked(value))
        return value;
    if (mode == RedactionMode::Standard && value.count(QLatin1Char('.')) == 2 && decodeJwt(value).ok) {
        const qsizetype cut = value.lastIndexOf(QLatin1Char('.')) + 1;
        return value.left(cut) + mask(value.mid(cut));
    }
    return mask(value);
}

namespace {
bool secretName(const QString &name);
}

bool Redactor::isSecretName(QStringView name)
{
    // Asked for every member and parameter name of every body of a report; the names repeat.
    // The last answer for each of 512 slots (by hash) is kept per thread: a hit costs no
    // allocation, a new name (a map of ids) only replaces one slot.
    struct Answer {
        QString name;
        bool known = false;
        bool secret = false;
    };
    thread_local std::array<Answer, 512> answers;
    Answer &a = answers[qHash(name) & 511];
    if (a.known && QStringView(a.name) == name)
        return a.secret;
    a.name = name.toString();
    a.secret = secretName(a.name);
    a.known = true;
    return a.secret;
}

bool Redactor::isSecretNameUtf8(QByteArrayView name)
{
    // ASCII names (all of them, in practice) are widened on the stack, without a QString.
    char16_t wide[64];
    if (name.size() <= qsizetype(std::size(wide))) {
        qsizetype i = 0;
        for (; i < name.size() && uchar(name[i]) < 0x80; ++i)
            wide[i] = char16_t(uchar(name[i]));
        if (i == name.size())
            return isSecretName(QStringView(wide, i));
    }
    return isSecretName(QString::fromUtf8(name));
}

namespace {
bool secretName(const QString &name)
{
    const QString n = name.toLower();
    if (n.isEmpty())
        return false;
    if (n == u"id_token_hint")
        return true; // a whole ID token, despite the _hint suffix
    // Derived or descriptive values that only name a secret: keep them readable.
    static const QStringList harmless = {
        QStringLiteral("challenge"), QStringLiteral("sha256"),    QStringLiteral("hash"),
        QStringLiteral("_length"),   QStringLiteral("_type"),     QStringLiteral("_hint"),
        QStringLiteral("_method"),   QStringLiteral("_uri"),      QStringLiteral("_url"),
        QStringLiteral("endpoint"),  QStringLiteral("supported"), QStringLiteral("expires"),
        QStringLiteral("_present"),  QStringLiteral("_format"),   QStringLiteral("_mode")};
    for (const QString &h : harmless)
        if (n.contains(h))
            return false;
    static const QStringList exact = {
        QStringLiteral("code"),          QStringLiteral("token"),         QStringLiteral("password"),
        QStringLiteral("passwd"),        QStringLiteral("pwd"),           QStringLiteral("secret"),
        QStringLiteral("verifier"),      QStringLiteral("assertion"),     QStringLiteral("otp"),
        QStringLiteral("client_secret"), QStringLiteral("code_verifier"), QStringLiteral("device_code"),
        QStringLiteral("api_key"),       QStringLiteral("apikey"),        QStringLiteral("client_assertion")};
    if (exact.contains(n))
        return true;
    return n.endsWith(u"_token") || n.endsWith(u"_verifier") || n.contains(u"password") ||
           n.contains(u"passwd") || n.contains(u"secret");
}
} // namespace

bool Redactor::isMasked(QStringView value)
{
    return value.contains(u"[redacted") || value.contains(u"%5Bredacted", Qt::CaseInsensitive) ||
           value == kFullNote;
}

QString Redactor::byName(const QString &s) const
{
    // name=value in query strings, fragments and form bodies (also inside longer text).
    static const QRegularExpression pair(
        QStringLiteral(R"re((?<![A-Za-z0-9_.%-])([A-Za-z0-9_.-]+)=([^&#\s"'<>]+))re"));
    // "name": "value" in JSON text (bodies, pasted documents).
    static const QRegularExpression member(
        QStringLiteral(R"re("([A-Za-z0-9_.-]+)"\s*:\s*"((?:[^"\\]|\\.)*)")re"));
    auto rewrite = [&](const QString &in, const QRegularExpression &re, bool jsonValue) {
        if (!in.contains(jsonValue ? QLatin1Char(':') : QLatin1Char('=')))
            return in;
        QString out;
        qsizetype last = 0;
        for (auto it = re.globalMatch(in); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            const QString value = m.captured(2);
            if (value.isEmpty() || !isSecretName(m.capturedView(1)) || isMasked(value))
                continue;
            // A short all-digit `code` is an error code (Entra's error_uri ...?code=70008), not an
            // authorization code: it is evidence, so it stays readable.
            static const QRegularExpression errorNumber(QStringLiteral("^[0-9]{1,9}$"));
            if (m.capturedView(1).compare(u"code", Qt::CaseInsensitive) == 0 &&
                errorNumber.match(value).hasMatch())
                continue;
            QString plain;
            if (jsonValue) {
                const auto parsed = parseJson(QStringLiteral("\"%1\"").arg(value).toUtf8());
                plain = parsed && parsed->is_string() ? fromStd(parsed->get<std::string>()) : value;
            } else {
                plain = urlcodec::percentDecode(value.toUtf8(), true);
            }
            out += in.mid(last, m.capturedStart(2) - last) + maskToken(plain, m_mode);
            last = m.capturedEnd(2);
        }
        return last == 0 ? in : out + in.mid(last);
    };
    return rewrite(rewrite(s, pair, false), member, true);
}

QByteArray Redactor::replaceKnown(const QByteArray &b) const
{
    const std::vector<NeedleIndex::Occurrence> found = m_index.occurrences(b);
    if (found.empty())
        return b; // the same buffer
    if (found.front().needle == found.back().needle) {
        // One secret (the usual case): its occurrences are already known, so the text is built
        // in one pass, leftmost first and without overlaps, as QByteArray::replace does.
        const Needle &needle = m_needles[found.front().needle];
        const qsizetype size = needle.raw.size();
        QByteArray out;
        out.reserve(b.size() +
                    qsizetype(found.size()) * std::max<qsizetype>(0, needle.replacement.size() - size));
        qsizetype done = 0;
        for (const NeedleIndex::Occurrence &o : found) {
            if (o.start < done)
                continue; // overlaps the one just replaced
            out.append(b.constData() + done, o.start - done).append(needle.replacement);
            done = o.start + size;
        }
        return out.append(b.constData() + done, b.size() - done);
    }
    // Several: only the needles found in the text, still longest first and each over the text
    // the longer ones left: the same result as replacing every needle in turn, without a pass
    // over the text per known secret.
    QByteArray out = b;
    for (std::size_t k = 0; k < found.size(); ++k)
        if (k == 0 || found[k].needle != found[k - 1].needle)
            out.replace(m_needles[found[k].needle].raw, m_needles[found[k].needle].replacement);
    return out;
}

QByteArray Redactor::bytes(const QByteArray &b) const
{
    if (!enabled() || b.isEmpty())
        return b;
    const QByteArray out = replaceKnown(b);
    if (!isValidUtf8(out))
        return out; // not UTF-8: only the known values
    if (!mayHaveNamedSecret(out))
        return out; // byName would find nothing: skip the UTF-16 copy and its expressions
    const QString text = QString::fromUtf8(out);
    const QString named = byName(text);
    // Nothing masked by name: hand back the bytes themselves, so a redacted copy of a session
    // shares the buffers of every body without secrets instead of holding them twice.
    return named.constData() == text.constData() ? out : named.toUtf8();
}

QString Redactor::text(const QString &s) const
{
    if (!enabled() || s.isEmpty())
        return s;
    return QString::fromUtf8(bytes(s.toUtf8()));
}

HttpHeaders Redactor::headers(const HttpHeaders &h) const
{
    if (!enabled())
        return h;
    HttpHeaders out;
    out.reserve(h.size());
    for (const auto &header : h) {
        const QByteArray name = header.name.toLower();
        QByteArray value = header.value;
        if (name == "authorization" || name == "proxy-authorization") {
            const int sp = value.indexOf(' ');
            // No tail here: the end of Basic credentials is the end of the client secret.
            const QByteArray credentials = sp > 0 ? value.mid(sp + 1) : value;
            const QByteArray masked = QStringLiteral("[redacted %1 chars]").arg(credentials.size()).toUtf8();
            if (!isMasked(QString::fromUtf8(credentials)))
                value = sp > 0 ? value.left(sp + 1) + masked : masked;
        } else if (name == "cookie") {
            value = redactCookiePairs(value, false);
        } else if (name == "set-cookie") {
            value = redactCookiePairs(value, true);
        } else {
            value = bytes(value);
        }
        out.append({header.name, value});
    }
    return out;
}

nlohmann::json Redactor::json(const nlohmann::json &j) const
{
    if (!enabled())
        return j;
    if (j.is_string())
        return toStd(text(fromStd(j.get<std::string>())));
    if (j.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto &e : j)
            out.push_back(json(e));
        return out;
    }
    if (!j.is_object())
        return j;
    // {"name": "code", "value": "..."}: the parameter tables of steps.
    const bool secretPair = j.contains("name") && j["name"].is_string() && j.contains("value") &&
                            j["value"].is_string() && isSecretName(fromStd(j["name"].get<std::string>()));
    nlohmann::json out = nlohmann::json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
        const QString key = fromStd(it.key());
        const bool secret = (secretPair && key == u"value") || isSecretName(key);
        if (secret && it->is_string())
            out[it.key()] = toStd(maskToken(text(fromStd(it->get<std::string>())), m_mode));
        else if (secret && it->is_object() && m_mode == RedactionMode::Full)
            out[it.key()] = toStd(kFullNote);
        else
            out[it.key()] = json(*it);
    }
    return out;
}

} // namespace wb
