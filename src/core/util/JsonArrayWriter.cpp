#include "util/JsonArrayWriter.h"

namespace wb {

bool writeWithArray(const std::string &text, std::string_view emptyMember, qsizetype count,
                    const std::function<std::string(qsizetype)> &elementAt,
                    const std::function<bool(const std::string &)> &writeElement, const TextSink &sink)
{
    const std::size_t at = text.find(emptyMember);
    if (at == std::string::npos && count > 0)
        return false; // nowhere to put the elements
    if (count == 0 || at == std::string::npos)
        return sink(text.data(), qsizetype(text.size())) && sink("\n", 1);
    if (!sink(text.data(), qsizetype(at + emptyMember.size() - 1))) // up to and with the '['
        return false;
    // The member's own indentation, and two more spaces for the elements' lines.
    const std::size_t memberIndent = emptyMember.find_first_not_of(' ', 1) - 1;
    const std::string indent(memberIndent + 2, ' ');
    std::string piece;
    for (qsizetype i = 0; i < count; ++i) {
        const std::string x = elementAt(i);
        piece.clear();
        piece.reserve(x.size() + x.size() / 8 + 8);
        piece.append(i == 0 ? "\n" : ",\n").append(indent);
        // Every line of the element's own dump(2) moves right; JSON strings hold no raw newline.
        std::size_t from = 0;
        for (std::size_t nl; (nl = x.find('\n', from)) != std::string::npos; from = nl + 1)
            piece.append(x, from, nl + 1 - from).append(indent);
        piece.append(x, from, std::string::npos);
        if (!writeElement(piece))
            return false;
    }
    const std::size_t rest = at + emptyMember.size();
    const std::string close = "\n" + std::string(memberIndent, ' ') + "]";
    return sink(close.data(), qsizetype(close.size())) &&
           sink(text.data() + rest, qsizetype(text.size() - rest)) && sink("\n", 1);
}

} // namespace wb
