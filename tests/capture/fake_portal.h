// A stand-in for xdg-desktop-portal's Screenshot interface, on a private D-Bus session bus, so
// that the portal backend's whole path (libportal's call, the Response signal, the file:// URI,
// the PNG file) runs in tests. It answers like the real portal, without any dialog.
//
// One per test process: it starts its own dbus-daemon and points DBUS_SESSION_BUS_ADDRESS at
// it, because GLib keeps one session bus connection per process.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace scelle::test {

class FakePortal {
  public:
    // Started on first use; nullptr (with `why`) when dbus-daemon cannot be started here.
    static FakePortal* get(std::string& why);
    // Stops the service and the daemon (at the end of the test program).
    static void stop();

    // The answer to the next Screenshot calls: 0 with a URI (success), 1 (cancelled), 2.
    void answer(std::uint32_t response, const std::string& uri);
    // Whether the service owns its bus name, as a running portal does.
    bool set_present(bool present);
    int calls() const { return m_calls.load(); }
    bool last_interactive() const { return m_last_interactive.load(); }

    struct Impl;

  private:
    FakePortal() = default;
    std::unique_ptr<Impl> m_impl;
    std::atomic<int> m_calls{0};
    std::atomic<bool> m_last_interactive{false};
    friend struct Impl;
};

}  // namespace scelle::test
