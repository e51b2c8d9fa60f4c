#pragma once
// FuzzInput: splits one libFuzzer input into the few choices a target needs (a byte, a chunk
// size) and the bytes to parse, so every target reads its input the same way.

#include <QByteArray>
#include <QByteArrayView>
#include <cstddef>
#include <cstdint>

namespace wbfuzz {

// Reads leading control bytes, then hands out the rest.
class FuzzInput {
public:
    FuzzInput(const uint8_t *data, size_t size) : m_data(data), m_size(size) {}

    uint8_t takeByte()
    {
        if (m_pos >= m_size)
            return 0;
        return m_data[m_pos++];
    }
    QByteArrayView rest() const
    {
        return QByteArrayView(reinterpret_cast<const char *>(m_data) + m_pos, qsizetype(m_size - m_pos));
    }
    QByteArray restCopy() const { return rest().toByteArray(); }

private:
    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
};

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace wbfuzz
