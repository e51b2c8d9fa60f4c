#pragma once
// OverviewHtml: the inspector's read-only HTML pages (step and exchange overview, timing). Plain
// structure only — no colours — so the text follows the palette in light and dark mode.

#include "flow/Session.h"

#include <QString>
#include <nlohmann/json.hpp>

namespace wb::gui {

QString stepOverviewHtml(const Session &session, int stepIndex);
QString exchangeOverviewHtml(const Session &session, int exchangeIndex);
QString timingHtml(const Session &session, int stepIndex, int exchangeIndex);
// Any JSON value as nested definition tables; [{"name":..,"value":..}] lists become two-column tables.
QString jsonHtml(const nlohmann::json &j);
QString errorHtml(const Error &error);

} // namespace wb::gui
