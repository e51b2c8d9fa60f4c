#pragma once
// Redactor: hides secrets (client secret, code, verifier, tokens, passwords, Authorization and
// cookie values) in anything derived from a session, keeping length and last 4 characters so two
// redacted reports can still be compared. It masks the values it is given wherever they appear,
// and also masks by name (form/query parameters, JSON members, headers) so a session reopened
// from a file, which carries no list of secret values, is still redacted.

#include "http/Exchange.h"
#include "report/NeedleIndex.h"

#include <QHash>
#include <QStringList>
#include <nlohmann/json.hpp>
#include <vector>

namespace wb {

// Standard: mask secrets, JWTs keep header and claims (only the signature is masked).
// Full: JWTs are masked whole and decoded token contents are hidden. None: nothing is masked.
enum class RedactionMode { Standard, Full, None };
QString toString(RedactionMode m); // "standard", "full", "none"
RedactionMode redactionModeFromString(const QString &s, bool *ok = nullptr);

class Redactor {
public:
    // `secrets`: raw values to hide wherever they appear (also form- and percent-encoded).
    explicit Redactor(const QStringList &secrets = {}, bool enabled = true);
    Redactor(const QStringList &secrets, RedactionMode mode);

    bool enabled() const { return m_mode != RedactionMode::None; }
    RedactionMode mode() const { return m_mode; }
    // "[redacted 43 chars …wxyz]"; values under 16 chars show no characters at all.
    static QString mask(const QString &value);
    // A token value: in Standard mode a JWS keeps "header.payload." and masks the signature;
    // otherwise (or not a JWS) the whole value is masked. None returns it unchanged.
    static QString maskToken(const QString &value, RedactionMode mode);
    // Parameter, member or field names whose values are secrets: code, client_secret,
    // code_verifier, *_token, token, password-like names, assertions... (case-insensitive).
    static bool isSecretName(QStringView name);
    // The same for a name in UTF-8 (a JSON member's, a form parameter's).
    static bool isSecretNameUtf8(QByteArrayView name);
    // True when the text is already a mask produced here (so it is not masked twice).
    static bool isMasked(QStringView value);

    // Known values, then name=value pairs (query strings, forms) and "name": "value" JSON
    // members whose name is secret.
    QString text(const QString &s) const;
    // Like text() for UTF-8 bytes; other bytes only lose the known values.
    QByteArray bytes(const QByteArray &b) const;
    // Header values: Authorization keeps its scheme, Cookie/Set-Cookie keep cookie names.
    HttpHeaders headers(const HttpHeaders &h) const;
    // Every string in a JSON value through text(); members with a secret name, and
    // {"name": <secret name>, "value": ...} pairs, have their value masked. In Full mode an
    // object under a token name (a decoded ID token) is replaced by a note.
    nlohmann::json json(const nlohmann::json &j) const;
    // Only the masking by name of text(): name=value pairs, then "name": "value" members.
    QString byName(const QString &s) const;

private:
    struct Needle {
        QByteArray raw;
        QByteArray replacement;
    };
    // The known values in `b` replaced by their masks (b itself when none occurs).
    QByteArray replaceKnown(const QByteArray &b) const;
    QList<Needle> m_needles; // longest first, so a token is replaced before its substrings
    NeedleIndex m_index;     // of m_needles' raw forms: which occur in a text, in one pass
    RedactionMode m_mode = RedactionMode::Standard;
};

} // namespace wb
