#pragma once
// HarImportSteps: the half of HAR import that rebuilds a flow's steps from bare exchanges —
// which request was discovery, the authorization request, the callback, a token call — and
// fills each step's details the way the live flow does, so diagnosis reads them alike.

#include "flow/Session.h"

namespace wb::harimport {

// Exchange ids grouped by the `_stepId` our own export wrote, in order, with its `_stepTitle`.
struct StepHint {
    QString id;
    QString title;
    QStringList exchangeIds;
};

// Sets each exchange's role when `keepRoles` is false (a browser's HAR), then builds
// session.steps: from `hints` when the file had them, else one step per recognised OAuth
// request, with the browser's other requests in a Browser step. Also fills the session's
// profile snapshot (client id, issuer), redirect URI, outcome, error and secret values.
void buildSteps(Session &session, const QList<StepHint> &hints, bool keepRoles);

} // namespace wb::harimport
