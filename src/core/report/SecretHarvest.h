#pragma once
// SecretHarvest: the secret values a report must mask, found in the session itself. A session
// reopened from a file has no secretValues; its tokens, codes and passwords are still in the
// URLs, headers and bodies it recorded, under names Redactor::isSecretName knows.

#include "flow/Session.h"

#include <QStringList>
#include <optional>
#include <string_view>

namespace wb::report {

// Session::secretValues plus every value found by name in its exchanges (query, form and JSON
// parameters, Basic credentials, Bearer tokens), step details and token set; each once, in the
// order found.
QStringList knownSecrets(const Session &s);

namespace detail {
// For tests comparing the two walks of a JSON body: the secrets found in `text` through
// simdjson's document (nullopt when simdjson refuses it) and those found in nlohmann's document.
std::optional<QStringList> secretsInJsonText(std::string_view text);
QStringList secretsInJson(const nlohmann::json &document);
} // namespace detail

} // namespace wb::report
