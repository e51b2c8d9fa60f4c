// libFuzzer target: the loopback listener's HTTP/1.1 request parser (http/HttpRequestParser),
// fed the input whole and in chunks of a size chosen by the first byte, as a socket would.
// Both feeds must agree: the parser is incremental and must not depend on how bytes arrive.
#include "FuzzInput.h"
#include "http/HttpRequestParser.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wbfuzz::FuzzInput in(data, size);
    const int chunk = 1 + in.takeByte() % 64;
    const QByteArrayView request = in.rest();
    wb::HttpRequestLimits small;
    small.maxRequestLineBytes = 256;
    small.maxHeaderBytes = 1024;
    small.maxHeaderCount = 8;
    small.maxBodyBytes = 512;

    for (const wb::HttpRequestLimits &limits : {wb::HttpRequestLimits{}, small}) {
        wb::HttpRequestParser whole(limits);
        whole.feed(request);
        wb::HttpRequestParser pieces(limits);
        for (qsizetype at = 0;
             at < request.size() && pieces.state() == wb::HttpRequestParser::State::Incomplete; at += chunk)
            pieces.feed(request.sliced(at, std::min<qsizetype>(chunk, request.size() - at)));
        if (whole.state() != pieces.state())
            abort(); // chunking changed the verdict
        if (whole.state() == wb::HttpRequestParser::State::Complete &&
            (whole.method() != pieces.method() || whole.target() != pieces.target() ||
             whole.headers() != pieces.headers() || whole.body() != pieces.body()))
            abort();
        if (whole.state() == wb::HttpRequestParser::State::Error &&
            (whole.errorStatus() < 400 || whole.errorMessage().isEmpty()))
            abort(); // every error answers a 4xx/5xx status and says why
    }
    return 0;
}
