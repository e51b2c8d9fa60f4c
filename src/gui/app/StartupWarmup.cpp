#include "app/StartupWarmup.h"

#include "common/StatusIcons.h"

#include <QDBusConnection>
#include <QFontDatabase>

namespace wb::gui {

StartupWarmup::StartupWarmup()
    : m_worker([] {
          // Opened here, the connection's delivery is not held until the main event loop starts
          // as it would be if the main thread opened it; nothing in this process receives on the
          // session bus before then (Qt's accessibility bridge and global menu check only call
          // out and wait for their replies), so nothing is delivered differently.
          QDBusConnection::sessionBus();
          QFontDatabase::families(); // populates the database under its own lock
          appIconImages();           // painted once; the main thread's appIcon() waits if it comes first
      })
{
}

StartupWarmup::~StartupWarmup()
{
    if (m_worker.joinable())
        m_worker.join();
}

} // namespace wb::gui
