// libFuzzer target: callback and query parsing — form/query decoding (oauth/UrlCodec,
// oauth/CallbackParams), the callback request as the loopback listener hands it over (query,
// form_post, recovered fragment) and its validation (oauth/CallbackValidator).
#include "FuzzInput.h"
#include "oauth/CallbackParams.h"
#include "oauth/CallbackValidator.h"
#include "oauth/UrlCodec.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wbfuzz::FuzzInput in(data, size);
    const uint8_t mode = in.takeByte();
    const QByteArray bytes = in.restCopy();

    const wb::ParamList form = wb::parseFormUrlEncoded(bytes);
    // Decoding what we encoded gives the same pairs back.
    if (wb::parseFormUrlEncoded(wb::encodeFormUrlEncoded(form)) != form)
        abort();
    wb::urlcodec::percentDecode(bytes, mode & 1);
    wb::urlcodec::decodeForm(bytes);

    wb::HttpHeaders headers;
    QString method = QStringLiteral("GET");
    QByteArray target = "/callback?" + bytes;
    QByteArray body;
    if (mode & 2) {
        method = QStringLiteral("POST");
        target = "/callback";
        body = bytes;
        headers.append({"Content-Type", (mode & 4)
                                            ? QByteArray("application/x-www-form-urlencoded; charset=utf-8")
                                            : QByteArray("text/plain")});
    } else if (mode & 4) {
        target = bytes; // a raw request target, not necessarily starting with '/'
    }
    const wb::CallbackParams params = wb::parseCallbackRequest(method, target, headers, body);

    wb::CallbackExpectations expect;
    expect.state = QStringLiteral("af0ifjsldkj");
    expect.issuer = (mode & 8) ? QStringLiteral("https://idp.example.com") : QString();
    expect.issAdvertised = mode & 16;
    expect.checkState = !(mode & 32);
    expect.checkIss = !(mode & 64);
    const wb::CallbackResult result = wb::validateCallback(params, expect);
    if (!result.error.isError() && result.code.isEmpty())
        abort(); // an accepted callback always carries its code
    return 0;
}
