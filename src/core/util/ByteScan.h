#pragma once
// findEither: the first of two bytes in a long run of text, sixteen bytes at a time. Session
// files and bodies are long and the bytes looked for (quotes, separators) are rare in them.

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wb {

// The first byte in [p, end) equal to A or B, else end.
template <char A, char B> inline const char *findEither(const char *p, const char *end)
{
#if defined(__SSE2__)
    const __m128i a = _mm_set1_epi8(A), b = _mm_set1_epi8(B);
    for (; end - p >= 16; p += 16) {
        const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int hit = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(w, a), _mm_cmpeq_epi8(w, b)));
        if (hit)
            return p + std::countr_zero(unsigned(hit));
    }
#else
    if constexpr (std::endian::native == std::endian::little) {
        constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        for (; end - p >= 8; p += 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            const std::uint64_t x = w ^ (ones * std::uint8_t(A)), y = w ^ (ones * std::uint8_t(B));
            // The lowest flagged byte is the first match (flags above a match may be spurious).
            const std::uint64_t hit = ((x - ones) & ~x & highs) | ((y - ones) & ~y & highs);
            if (hit)
                return p + (std::countr_zero(hit) >> 3);
        }
    }
#endif
    while (p < end && *p != A && *p != B)
        ++p;
    return p;
}

} // namespace wb
