// MainWindow's Profile > New Profile from Preset menu: one entry per provider preset (data in
// resources/providers), creating a profile with its endpoints, scopes and parameters.
#include "app/MainWindow.h"

#include "diagnosis/ProviderCatalog.h"
#include "diagnosis/ProviderPreset.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfilesController.h"
#include "profiles/ProfilesSidebar.h"
#include "ui_MainWindow.h"

#include <QMenu>

namespace wb::gui {

void MainWindow::connectPresets()
{
    auto *menu = new QMenu(tr("New Profile from &Preset"), this);
    menu->setObjectName(QStringLiteral("presetMenu"));
    for (const ProviderInfo &provider : ProviderCatalog::instance().providers()) {
        if (!provider.hasPreset())
            continue;
        QAction *action = menu->addAction(provider.name);
        action->setData(provider.id);
        connect(action, &QAction::triggered, this, [this, id = provider.id] { newProfileFromPreset(id); });
    }
    ui->menuProfile->insertMenu(ui->actionDuplicateProfile, menu);
}

void MainWindow::newProfileFromPreset(const QString &providerId)
{
    const ProviderInfo *provider = ProviderCatalog::instance().byId(providerId);
    Profile templ;
    QString error;
    if (!provider || !applyPreset(*provider, {}, templ, &error)) {
        reportError(tr("New profile"), error.isEmpty() ? tr("No preset for %1.").arg(providerId) : error);
        return;
    }
    templ.name = provider->name;
    const auto p = m_profiles->create(templ);
    if (!p)
        return;
    ui->profilesSidebar->selectProfile(p->id);
    updateCenter();
    showPage(QStringLiteral("editor"));
    const QStringList missing = unresolvedPlaceholders(*p);
    status(missing.isEmpty()
               ? tr("Profile created from the %1 preset: enter your client id.").arg(provider->name)
               : tr("Profile created from the %1 preset: replace {%2} and enter your client id.")
                     .arg(provider->name, missing.join(QStringLiteral("}, {"))),
           10000);
}

} // namespace wb::gui
