#pragma once
// ProfileSupport: what the CLI verbs share about profiles and secrets — the process-wide secret
// store (keychain, or memory only when asked), the profile store, redaction, and the two hooks
// `run --profile` uses.

#include "oauth/TokenSet.h"
#include "store/Profile.h"

#include <QString>

namespace wb {
class SecretStore;
class ProfileStore;
} // namespace wb

namespace wb::cli {

// Exit codes of the profile, tokens and forget verbs (compatible with run's 0/1/2).
enum ProfileExitCode {
    ExitProfileOk = 0,
    ExitProfileNotFound = 1,     // no such profile, or nothing stored
    ExitProfileUsage = 2,        // bad option, name taken, profile file unwritable
    ExitKeychainUnavailable = 4, // no Secret Service, keychain locked or access denied
};

// Secrets kept in memory for this process only: set by --memory-secrets or by the environment
// variable OAUTH_WORKBENCH_SECRETS=memory. Must be chosen before the first cliSecretStore() call.
void setMemoryOnlySecrets(bool on);
bool memoryOnlySecrets();

// Created on first use and owned by QCoreApplication (which must exist).
SecretStore &cliSecretStore();
ProfileStore &cliProfileStore(); // ProfileStore::defaultDirectory(), removal through cliSecretStore()

// "…abcd (43 chars)": the last 4 characters only when the value is long enough (12+) that
// they do not give most of it away; "(empty)" for an empty value.
QString redactValue(const QString &value);

// For `run --profile NAME`: loads the profile and, unless memory-only, its client secret from
// the keychain. Fails when the profile is missing, or when the keychain cannot be read and the
// profile's auth method needs the secret (the message says how to go on). `exitCode`, if given,
// receives the matching ProfileExitCode.
bool loadProfileForRun(const QString &name, Profile &out, QString *error, int *exitCode = nullptr);

// The token set stored for a profile, or why there is none, worded for the CLI (the verbs that
// read stored tokens all say it the same way).
struct StoredTokens {
    enum class Status { Ok, NotFound, Keychain, Unreadable } status = Status::Ok;
    TokenSet tokens;
    QString message; // empty when Ok
};
StoredTokens loadStoredTokens(const Profile &profile);

// After a successful `run --profile`: stores the token set under "profile/<id>/tokens".
// Prints one line to stderr either way (stdout stays clean for --json); returns false when the
// tokens could not be stored. Does nothing for a profile without id or an empty token set.
bool storeTokensAfterRun(const Profile &profile, const TokenSet &tokens);

} // namespace wb::cli
