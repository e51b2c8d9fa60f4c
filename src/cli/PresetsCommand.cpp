#include "PresetsCommand.h"

#include "diagnosis/ProviderCatalog.h"
#include "util/JsonQt.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace wb::cli {

using json = nlohmann::json;

const ProviderInfo *findPreset(const QString &name)
{
    QString id = name.trimmed().toLower();
    if (id == u"microsoft" || id == u"azure" || id == u"entra-id")
        id = QStringLiteral("entra");
    if (id == u"oidc" || id == u"generic")
        id = QStringLiteral("generic-oidc");
    const ProviderInfo *p = ProviderCatalog::instance().byId(id);
    return p && p->hasPreset() ? p : nullptr;
}

int runPresetsCommand(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List the provider presets for 'oauth-workbench profile add NAME --preset ID'."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the presets as a JSON array.")});
    if (!parser.parse(args)) {
        err << "oauth-workbench presets: " << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "oauth-workbench presets: unexpected argument '" << parser.positionalArguments().first()
            << "'\n";
        return 2;
    }
    json all = json::array();
    for (const ProviderInfo &p : ProviderCatalog::instance().providers()) {
        if (!p.hasPreset())
            continue;
        json entry = p.preset();
        entry["id"] = toStd(p.id);
        entry["name"] = toStd(p.name);
        entry["quirks"] = json::array();
        for (const QString &q : p.quirks)
            entry["quirks"].push_back(toStd(q));
        all.push_back(entry);
    }
    if (parser.isSet(QStringLiteral("json"))) {
        out << fromStd(all.dump(2, ' ', false, json::error_handler_t::replace)) << '\n';
        return 0;
    }
    for (const auto &e : all) {
        out << jsonString(e, "id").leftJustified(14) << jsonString(e, "label") << '\n';
        const QString issuer = jsonString(e, "issuer");
        if (!issuer.isEmpty())
            out << "    issuer        " << issuer << " (discovery)\n";
        else
            out << "    endpoints     " << jsonString(e, "authorization_endpoint") << "\n                  "
                << jsonString(e, "token_endpoint") << '\n';
        out << "    scope         " << jsonString(e, "scope") << '\n';
        if (const json params = e.value("extra_params", json::object());
            params.is_object() && !params.empty()) {
            QStringList kv;
            for (const auto &[k, v] : params.items())
                kv.append(fromStd(k) + QLatin1Char('=') +
                          (v.is_string() ? fromStd(v.get<std::string>()) : QString()));
            out << "    parameters    " << kv.join(QLatin1Char(' ')) << '\n';
        }
        out << "    client auth   " << jsonString(e, "auth_method") << ", PKCE " << jsonString(e, "pkce")
            << ", redirect host " << jsonString(e, "redirect_host") << '\n';
        if (const QString notes = jsonString(e, "notes"); !notes.isEmpty())
            out << "    notes         " << notes << '\n';
        for (const auto &q : e["quirks"])
            out << "    quirk         " << fromStd(q.get<std::string>()) << '\n';
        out << '\n';
    }
    out << "Use: oauth-workbench profile add NAME --preset ID --client-id ID [--preset-param tenant=...]\n";
    return 0;
}

} // namespace wb::cli
