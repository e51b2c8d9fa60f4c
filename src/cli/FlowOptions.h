#pragma once
// FlowOptions: the flow options shared by `run` and `profile add`, so both verbs spell and
// validate them identically.

#include "store/Profile.h"

#include <QCommandLineParser>
#include <QString>

namespace wb::cli {

// Registers --issuer, --authorization-endpoint, --token-endpoint, --client-id,
// --client-secret-env, --auth-method, --scope, --param, --redirect-host, --redirect-port,
// --redirect-path, --response-mode, --pkce, --browser, --browser-command, --browser-path,
// --browser-profile, --headless-browser, --timeout and --pin-cert.
void addFlowOptions(QCommandLineParser &p);

// Applies only the options that were given onto `profile`, so it works both on a fresh profile
// and as overrides on a stored one. --client-secret-env VAR reads $VAR into profile.clientSecret
// (a secret never travels on the command line). --param name=value replaces a parameter of the
// same name or appends it. Returns false with a one-line message for a bad value.
bool applyFlowOptions(const QCommandLineParser &p, Profile &profile, QString *error);

} // namespace wb::cli
