#include "oauth/WwwAuthenticate.h"

namespace wb {

namespace {
bool isTchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}
bool isToken68Char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("-._~+/").contains(c);
}

// A cursor over one header value.
struct Scanner {
    QByteArray s;
    qsizetype i = 0;
    bool atEnd() const { return i >= s.size(); }
    char peek(qsizetype ahead = 0) const { return i + ahead < s.size() ? s.at(i + ahead) : '\0'; }
    void skipSpace()
    {
        while (!atEnd() && (s.at(i) == ' ' || s.at(i) == '\t'))
            ++i;
    }
    QByteArray token()
    {
        const qsizetype start = i;
        while (!atEnd() && isTchar(s.at(i)))
            ++i;
        return s.mid(start, i - start);
    }
    // After the opening quote; false when the closing quote is missing.
    bool quoted(QByteArray &out)
    {
        while (!atEnd()) {
            const char c = s.at(i++);
            if (c == '"')
                return true;
            if (c == '\\' && !atEnd())
                out.append(s.at(i++));
            else
                out.append(c);
        }
        return false;
    }
    // True when a "name =" follows (an auth-param), without consuming anything.
    bool paramAhead() const
    {
        qsizetype j = i;
        while (j < s.size() && isTchar(s.at(j)))
            ++j;
        if (j == i)
            return false;
        while (j < s.size() && (s.at(j) == ' ' || s.at(j) == '\t'))
            ++j;
        if (j >= s.size() || s.at(j) != '=')
            return false;
        // token68 may end in "=": a param's '=' is followed by a value, not by '=' / ',' / end.
        ++j;
        while (j < s.size() && (s.at(j) == ' ' || s.at(j) == '\t'))
            ++j;
        return j < s.size() && s.at(j) != '=' && s.at(j) != ',';
    }
};
} // namespace

QString AuthChallenge::param(const QString &name) const
{
    for (const auto &[n, v] : params)
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

bool AuthChallenge::hasParam(const QString &name) const
{
    for (const auto &p : params)
        if (p.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QList<AuthChallenge> parseWwwAuthenticate(const QByteArray &value, QStringList *problems)
{
    QList<AuthChallenge> out;
    Scanner sc{value};
    const auto problem = [&](const QString &p) {
        if (problems)
            problems->append(p);
    };
    while (true) {
        sc.skipSpace();
        while (sc.peek() == ',') { // empty list elements are allowed
            ++sc.i;
            sc.skipSpace();
        }
        if (sc.atEnd())
            break;
        const QByteArray scheme = sc.token();
        if (scheme.isEmpty()) {
            problem(QStringLiteral("unexpected character '%1' at position %2")
                        .arg(QChar::fromLatin1(sc.peek()))
                        .arg(sc.i));
            while (!sc.atEnd() && sc.peek() != ',') // skip to the next element
                ++sc.i;
            continue;
        }
        AuthChallenge ch;
        ch.scheme = QString::fromLatin1(scheme);
        sc.skipSpace();
        if (!sc.paramAhead() && isToken68Char(sc.peek())) {
            const qsizetype start = sc.i;
            while (!sc.atEnd() && isToken68Char(sc.peek()))
                ++sc.i;
            while (sc.peek() == '=')
                ++sc.i;
            ch.token68 = QString::fromLatin1(value.mid(start, sc.i - start));
            sc.skipSpace();
        }
        // auth-params: name = (token | quoted-string), separated by commas, until a new scheme.
        while (ch.token68.isEmpty() && sc.paramAhead()) {
            const QString name = QString::fromLatin1(sc.token()).toLower();
            sc.skipSpace();
            ++sc.i; // '='
            sc.skipSpace();
            QByteArray v;
            if (sc.peek() == '"') {
                ++sc.i;
                if (!sc.quoted(v))
                    problem(QStringLiteral("unterminated quoted value of %1").arg(name));
            } else {
                v = sc.token();
            }
            ch.params.append({name, QString::fromUtf8(v)});
            sc.skipSpace();
            if (sc.peek() != ',')
                break;
            ++sc.i;
            sc.skipSpace();
            while (sc.peek() == ',') {
                ++sc.i;
                sc.skipSpace();
            }
        }
        out.append(ch);
        sc.skipSpace();
        if (!sc.atEnd() && sc.peek() != ',' && !isTchar(sc.peek())) {
            problem(QStringLiteral("unexpected character '%1' at position %2")
                        .arg(QChar::fromLatin1(sc.peek()))
                        .arg(sc.i));
            while (!sc.atEnd() && sc.peek() != ',')
                ++sc.i;
        }
    }
    return out;
}

BearerChallenge bearerChallenge(const HttpHeaders &responseHeaders)
{
    BearerChallenge b;
    QStringList raws;
    for (const HttpHeader &h : responseHeaders) {
        if (h.name.compare("WWW-Authenticate", Qt::CaseInsensitive) != 0)
            continue;
        raws.append(QString::fromUtf8(h.value));
        for (const AuthChallenge &ch : parseWwwAuthenticate(h.value, &b.problems)) {
            if (b.present || ch.scheme.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0)
                continue;
            b.present = true;
            b.params = ch.params;
            b.realm = ch.param(QStringLiteral("realm"));
            b.error = ch.param(QStringLiteral("error"));
            b.errorDescription = ch.param(QStringLiteral("error_description"));
            b.errorUri = ch.param(QStringLiteral("error_uri"));
            b.scope = ch.param(QStringLiteral("scope"));
        }
    }
    b.raw = raws.join(QStringLiteral(", "));
    return b;
}

} // namespace wb
