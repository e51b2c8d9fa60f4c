#include "report/SecretHarvest.h"

#include "oauth/UrlCodec.h"
#include "report/Redactor.h"
#include "util/FastJsonImpl.h"
#include "util/InOrder.h"
#include "util/JsonQt.h"

#include <QUrl>
#include <map>
#include <string_view>

namespace wb::report {

namespace {
using json = nlohmann::json;
using simdjson::dom::element;

// Duplicates are removed once at the end of knownSecrets (a contains() here made harvesting a
// session with thousands of tokens quadratic).
void addSecret(QStringList &out, const QString &v)
{
    if (!v.isEmpty() && !Redactor::isMasked(v))
        out.append(v);
}

// One walk for both documents: nlohmann's (step details, token extras, bodies simdjson refused)
// and simdjson's (bodies). These overloads are all the walk needs of a node.
bool isArray(const json *j)
{
    return j->is_array();
}
bool isArray(element e)
{
    return e.is_array();
}
bool isObject(const json *j)
{
    return j->is_object();
}
bool isObject(element e)
{
    return e.is_object();
}
bool isString(const json *j)
{
    return j->is_string();
}
bool isString(element e)
{
    return e.is_string();
}
QString text(const json *j)
{
    return fromStd(j->get_ref<const std::string &>());
}
QString text(element e)
{
    const std::string_view v = e.get_string().value_unsafe();
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}
std::vector<const json *> elements(const json *j)
{
    std::vector<const json *> out;
    for (const auto &e : *j)
        out.push_back(&e);
    return out;
}
std::vector<element> elements(element e)
{
    const simdjson::dom::array array = e.get_array().value_unsafe(); // named: a temporary would dangle
    return std::vector<element>(array.begin(), array.end());
}
// Members in nlohmann's order (std::map by name; of duplicate names the last).
std::map<std::string_view, const json *> members(const json *j)
{
    std::map<std::string_view, const json *> out;
    for (auto it = j->begin(); it != j->end(); ++it)
        out[it.key()] = &*it;
    return out;
}
std::map<std::string_view, element> members(element e)
{
    std::map<std::string_view, element> out;
    const simdjson::dom::object object = e.get_object().value_unsafe();
    for (auto field : object)
        out[field.key] = field.value;
    return out;
}

// Values of members with secret names, and {"name": <secret name>, "value": v} pairs, anywhere.
template <typename Node> void harvestTree(Node node, QStringList &out)
{
    if (isArray(node)) {
        for (Node e : elements(node))
            harvestTree(e, out);
        return;
    }
    if (!isObject(node))
        return;
    const auto byName = members(node);
    const auto name = byName.find("name");
    const auto value = byName.find("value");
    if (name != byName.end() && value != byName.end() && isString(name->second) && isString(value->second) &&
        Redactor::isSecretName(text(name->second)))
        addSecret(out, text(value->second));
    for (const auto &[key, child] : byName) {
        if (isString(child) && Redactor::isSecretNameUtf8(QByteArrayView(key.data(), qsizetype(key.size()))))
            addSecret(out, text(child));
        else
            harvestTree(child, out);
    }
}

void harvestJson(const json &j, QStringList &out)
{
    harvestTree(&j, out);
}

void harvestForm(QByteArrayView data, QStringList &out)
{
    for (const auto &[name, value] : urlcodec::decodeForm(data))
        if (Redactor::isSecretName(name))
            addSecret(out, value);
}

void harvestUrl(const QString &url, QStringList &out)
{
    const QUrl u(url);
    harvestForm(u.query(QUrl::FullyEncoded).toUtf8(), out);
    harvestForm(u.fragment(QUrl::FullyEncoded).toUtf8(), out);
}

// A JSON body by simdjson; what it refuses by parseJson (the same limits and results) unless it
// cannot even start as JSON; a body that is not JSON as a form when it looks like one.
void harvestBody(FastJsonParser &parser, const QByteArray &body, QStringList &out)
{
    if (body.isEmpty())
        return;
    if (FastJsonParser::Impl *fast = parser.impl()) {
        if (const auto root = fast->parse(std::string_view(body.constData(), std::size_t(body.size())))) {
            harvestTree(*root, out);
            return;
        }
    }
    if (!cannotStartJson(body)) {
        if (const auto doc = parseJson(body)) {
            harvestJson(*doc, out);
            return;
        }
    }
    if (!body.contains('\n') && body.contains('='))
        harvestForm(body, out);
}

void harvestHeaders(const HttpHeaders &headers, QStringList &out)
{
    for (const auto &h : headers) {
        const QByteArray name = h.name.toLower();
        if (name == "authorization" || name == "proxy-authorization") {
            const int sp = h.value.indexOf(' ');
            const QByteArray scheme = sp > 0 ? h.value.left(sp).toLower() : QByteArray();
            const QByteArray credentials = sp > 0 ? h.value.mid(sp + 1).trimmed() : h.value;
            addSecret(out, QString::fromUtf8(credentials));
            if (scheme == "basic") {
                // RFC 6749 2.3.1: id and secret are form-encoded before base64; some clients don't.
                const QByteArray decoded = QByteArray::fromBase64(credentials);
                const int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    addSecret(out, QString::fromUtf8(decoded.mid(colon + 1)));
                    addSecret(out, urlcodec::percentDecode(decoded.mid(colon + 1), true));
                }
            }
        } else if (name == "location" || name == "referer") {
            harvestUrl(QString::fromUtf8(h.value), out);
        }
    }
}
} // namespace

QStringList knownSecrets(const Session &s)
{
    QStringList out;
    for (const QString &v : s.secretValues)
        addSecret(out, v);
    addSecret(out, s.profile.clientSecret);
    addSecret(out, s.tokens.accessToken);
    addSecret(out, s.tokens.refreshToken);
    addSecret(out, s.tokens.idToken);
    harvestJson(s.tokens.extras, out);
    // Each exchange on a worker thread (inOrder), the lists joined in the order of exchanges.
    const auto ofExchange = [&s](qsizetype i) {
        const Exchange &x = s.exchanges.at(i);
        QStringList found;
        harvestUrl(x.url, found);
        harvestHeaders(x.requestHeaders, found);
        harvestHeaders(x.responseHeaders, found);
        FastJsonParser &parser =
            FastJsonParser::forThisThread(std::size_t(std::max(x.requestBody.size(), x.responseBody.size())));
        harvestBody(parser, x.requestBody, found);
        harvestBody(parser, x.responseBody, found);
        return found;
    };
    inOrder(s.exchanges.size(), ofExchange, [&out](qsizetype, const QStringList &found) {
        out += found;
        return true;
    });
    for (const Step &st : s.steps)
        harvestJson(st.details, out);
    out.removeDuplicates(); // keeps the first of each, in order
    return out;
}

std::optional<QStringList> detail::secretsInJsonText(std::string_view text)
{
    FastJsonParser::Impl *fast = FastJsonParser::forThisThread(text.size()).impl();
    const auto root = fast ? fast->parse(text) : std::nullopt;
    if (!root)
        return std::nullopt;
    QStringList out;
    harvestTree(*root, out);
    return out;
}

QStringList detail::secretsInJson(const nlohmann::json &document)
{
    QStringList out;
    harvestJson(document, out);
    return out;
}

} // namespace wb::report
