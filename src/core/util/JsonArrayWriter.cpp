#include "util/JsonArrayWriter.h"

#include "util/InOrder.h"

namespace wb {

std::string indentLines(const std::string &dumped, std::string_view indent)
{
    std::string out;
    out.reserve(dumped.size() + dumped.size() / 8 + 8);
    std::size_t from = 0;
    for (std::size_t nl; (nl = dumped.find('\n', from)) != std::string::npos; from = nl + 1)
        out.append(dumped, from, nl + 1 - from).append(indent);
    out.append(dumped, from, std::string::npos);
    return out;
}

bool writeWithArray(const std::string &text, std::string_view emptyMember, qsizetype count,
                    const ArrayElementText &elementAt, const TextSink &sink)
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
    const bool written = inOrder(
        count, [&](qsizetype i) { return elementAt(i, indent); },
        [&](qsizetype i, const std::string &element) {
            return sink(i == 0 ? "\n" : ",\n", i == 0 ? 1 : 2) &&
                   sink(indent.data(), qsizetype(indent.size())) &&
                   sink(element.data(), qsizetype(element.size()));
        });
    if (!written)
        return false;
    const std::size_t rest = at + emptyMember.size();
    std::string close = "\n";
    close.append(memberIndent, ' ').push_back(']');
    return sink(close.data(), qsizetype(close.size())) &&
           sink(text.data() + rest, qsizetype(text.size() - rest)) && sink("\n", 1);
}

} // namespace wb
