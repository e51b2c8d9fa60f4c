#include "report/NamedSecretScan.h"

#include "report/Redactor.h"
#include "util/ByteScan.h"

#include <QString>

namespace wb {

namespace {
bool isNameChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}
// \s of byName's expressions (PCRE2 without Unicode properties: ASCII white space only).
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool secretName(const char *from, const char *to)
{
    return Redactor::isSecretNameUtf8(QByteArrayView(from, to - from)); // name characters: ASCII
}
bool unmasked(const char *from, const char *to)
{
    return from < to && !Redactor::isMasked(QString::fromUtf8(from, to - from));
}

// name=value: the name is the run of name characters before '=' (not after a '%'), the value
// the run of characters up to & # " ' < > or white space.
bool pairAt(const char *begin, const char *end, const char *eq)
{
    const char *name = eq;
    while (name > begin && isNameChar(name[-1]))
        --name;
    if (name == eq || (name > begin && name[-1] == '%') || !secretName(name, eq))
        return false;
    const char *v = eq + 1;
    while (v < end && !isSpace(*v) && *v != '&' && *v != '#' && *v != '"' && *v != '\'' && *v != '<' &&
           *v != '>')
        ++v;
    return unmasked(eq + 1, v);
}

// "name" : "value": the name between quotes right before the colon (blanks allowed), the value
// the string after it up to its closing quote.
bool memberAt(const char *begin, const char *end, const char *colon)
{
    const char *q = colon;
    while (q > begin && isSpace(q[-1]))
        --q;
    if (q == begin || q[-1] != '"')
        return false;
    const char *nameEnd = q - 1;
    const char *name = nameEnd;
    while (name > begin && isNameChar(name[-1]))
        --name;
    if (name == nameEnd || name == begin || name[-1] != '"' || !secretName(name, nameEnd))
        return false;
    const char *v = colon + 1;
    while (v < end && isSpace(*v))
        ++v;
    if (v == end || *v != '"')
        return false;
    const char *value = ++v;
    while (v < end && *v != '"') {
        if (*v == '\\' && end - v < 2)
            return false; // a backslash at the very end: no closing quote
        v += *v == '\\' ? 2 : 1;
    }
    return v < end && unmasked(value, v);
}
} // namespace

bool mayHaveNamedSecret(QByteArrayView utf8)
{
    const char *const begin = utf8.data();
    const char *const end = begin + utf8.size();
    for (const char *p = findEither<'=', ':'>(begin, end); p < end; p = findEither<'=', ':'>(p + 1, end))
        if (*p == '=' ? pairAt(begin, end, p) : memberAt(begin, end, p))
            return true;
    return false;
}

} // namespace wb
