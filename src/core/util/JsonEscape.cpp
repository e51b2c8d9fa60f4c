#include "util/JsonEscape.h"

namespace wb {

namespace {
// What nlohmann writes for the bytes it escapes; 0 for the bytes it copies.
constexpr char kShort[0x60] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f',  'r', 'u', 'u', // 0x00
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',  'u', 'u', 'u', // 0x10
    0,   0,   '"', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,    0,   0,   0,   // 0x20
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,    0,   0,   0,   // 0x30
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,    0,   0,   0,   // 0x40
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   '\\', 0,   0,   0,   // 0x50
};
char escapeOf(unsigned char c)
{
    return c < sizeof kShort ? kShort[c] : 0;
}
} // namespace

void appendJsonString(std::string &out, std::string_view utf8)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.reserve(out.size() + utf8.size() + 2);
    out.push_back('"');
    const char *run = utf8.data();
    const char *const end = run + utf8.size();
    for (const char *p = run; p < end; ++p) {
        const char e = escapeOf(static_cast<unsigned char>(*p));
        if (!e)
            continue;
        out.append(run, std::size_t(p - run));
        run = p + 1;
        out.push_back('\\');
        if (e != 'u') {
            out.push_back(e);
            continue;
        }
        const auto c = static_cast<unsigned char>(*p);
        out.append("u00", 3);
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    out.append(run, std::size_t(end - run));
    out.push_back('"');
}

} // namespace wb
