#include "util/JsonEscape.h"

#include <cstdint>
#include <cstring>

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
// Whether any of the 8 bytes at p is below 0x20, a quote or a backslash (bit tricks on a word:
// a byte b < n sets its high bit in (x - n*ones) & ~x; a zero byte of x ^ c marks a byte c).
bool needsEscape8(const char *p)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    const auto below = [&](std::uint64_t v, std::uint64_t n) { return (v - n * ones) & ~v & highs; };
    return (below(x, 0x20) | below(x ^ (ones * '"'), 1) | below(x ^ (ones * '\\'), 1)) != 0;
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
        // Eight bytes at a time while none of them needs escaping (the common case by far).
        while (end - p >= 8 && !needsEscape8(p))
            p += 8;
        if (p == end)
            break;
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
