// Unit tests for AppIdentity: the app-id folders and the one-time move of the legacy folders,
// in temporary XDG_CONFIG_HOME / XDG_DATA_HOME directories.
#include "Version.h"
#include "util/AppIdentity.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace wb;

class TestAppIdentity : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QString config() const { return m_home.path() + QStringLiteral("/config"); }
    QString data() const { return m_home.path() + QStringLiteral("/data"); }
    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    static QByteArray readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    void init()
    {
        QVERIFY(m_home.isValid());
        QDir(config()).removeRecursively();
        QDir(data()).removeRecursively();
        qputenv("XDG_CONFIG_HOME", config().toUtf8());
        qputenv("XDG_DATA_HOME", data().toUtf8());
        setApplicationIdentity();
    }

    void foldersAreNamedByTheAppId()
    {
        const QString id = QString::fromLatin1(kAppId);
        QCOMPARE(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation), config() + u'/' + id);
        QCOMPARE(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation), data() + u'/' + id);
    }

    void nothingToMoveOnAFreshMachine() { QVERIFY(migrateLegacyFolders().isEmpty()); }

    void legacyFoldersAreMovedWithTheirContents()
    {
        const QString id = QString::fromLatin1(kAppId);
        writeFile(config() + QStringLiteral("/oauth-workbench/profiles/p1.json"), "{\"name\":\"p1\"}");
        writeFile(data() + QStringLiteral("/oauth-workbench/sessions/s1.json"), "{}");

        const QList<FolderMigration> moved = migrateLegacyFolders();
        QCOMPARE(moved.size(), 2);
        for (const FolderMigration &m : moved)
            QVERIFY2(m.result == FolderMigration::Result::Moved, qPrintable(m.message));
        QCOMPARE(readFile(config() + u'/' + id + QStringLiteral("/profiles/p1.json")),
                 QByteArray("{\"name\":\"p1\"}"));
        QVERIFY(QFile::exists(data() + u'/' + id + QStringLiteral("/sessions/s1.json")));
        QVERIFY(!QFileInfo::exists(config() + QStringLiteral("/oauth-workbench")));
        QVERIFY(!QFileInfo::exists(data() + QStringLiteral("/oauth-workbench")));

        // Run again: nothing left to do.
        QVERIFY(migrateLegacyFolders().isEmpty());
    }

    void neverMergesIntoAnExistingFolder()
    {
        const QString id = QString::fromLatin1(kAppId);
        writeFile(config() + QStringLiteral("/oauth-workbench/profiles/old.json"), "old");
        writeFile(config() + u'/' + id + QStringLiteral("/profiles/new.json"), "new");

        const QList<FolderMigration> result = migrateLegacyFolders();
        QCOMPARE(result.size(), 1);
        QVERIFY(result.first().result == FolderMigration::Result::BothExist);
        QVERIFY(result.first().message.contains(QStringLiteral("untouched")));
        QCOMPARE(readFile(config() + QStringLiteral("/oauth-workbench/profiles/old.json")),
                 QByteArray("old"));
        QVERIFY(!QFile::exists(config() + u'/' + id + QStringLiteral("/profiles/old.json")));
    }
};

QTEST_GUILESS_MAIN(TestAppIdentity)
#include "tst_appidentity.moc"
