#pragma once
// AppIdentity: the names Qt derives the configuration and data folders from, set the same way by
// the window and the CLI, and the one-time move of folders from before the reverse-DNS id.

#include <QList>
#include <QString>

namespace wb {

// Application name = the reverse-DNS app id (kAppId), no organisation: profiles then live in
// ~/.config/<app id>/ and sessions in ~/.local/share/<app id>/ (the same names a Flatpak uses).
void setApplicationIdentity();

// The folder name versions up to 0.1 used (the command name).
QString legacyFolderName();

// One folder the migration looked at.
struct FolderMigration {
    QString from;
    QString to;
    enum class Result { Moved, BothExist, Failed } result = Result::Moved;
    QString message; // a sentence for the user (stderr / About dialog)
};

// Moves the legacy configuration and data folders to the app-id folders when only the legacy
// one exists (a rename, so nothing is copied or lost). Call after setApplicationIdentity().
// Returns what it did; empty when there was nothing to move. Never merges two existing folders.
QList<FolderMigration> migrateLegacyFolders();

} // namespace wb
