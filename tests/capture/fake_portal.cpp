#include "fake_portal.h"

#include <gio/gio.h>
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

namespace scelle::test {

namespace {

constexpr const char* kName = "org.freedesktop.portal.Desktop";
constexpr const char* kPath = "/org/freedesktop/portal/desktop";
constexpr const char* kXml =
    "<node><interface name='org.freedesktop.portal.Screenshot'>"
    "<method name='Screenshot'><arg type='s' name='parent_window' direction='in'/>"
    "<arg type='a{sv}' name='options' direction='in'/>"
    "<arg type='o' name='handle' direction='out'/></method>"
    "<property name='version' type='u' access='read'/>"
    "</interface></node>";

}  // namespace

struct FakePortal::Impl {
    FakePortal* owner = nullptr;
    pid_t daemon = 0;
    std::string address;
    GMainContext* context = nullptr;
    GMainLoop* loop = nullptr;
    GDBusConnection* connection = nullptr;
    std::thread thread;
    std::mutex mutex;
    std::uint32_t response = 0;
    std::string uri;

    static void on_method(GDBusConnection* c, const gchar* sender, const gchar*, const gchar*,
                          const gchar* method, GVariant* params, GDBusMethodInvocation* call,
                          gpointer data) {
        auto* self = static_cast<Impl*>(data);
        if (std::string(method) != "Screenshot") {
            g_dbus_method_invocation_return_dbus_error(
                call, "org.freedesktop.DBus.Error.UnknownMethod", method);
            return;
        }
        const gchar* parent = nullptr;
        GVariant* options = nullptr;
        g_variant_get(params, "(&s@a{sv})", &parent, &options);
        gboolean interactive = FALSE;
        g_variant_lookup(options, "interactive", "b", &interactive);
        const gchar* token = "t";
        g_variant_lookup(options, "handle_token", "&s", &token);
        // The request's path, as the portal documents it: the caller's unique name without
        // the colon and with dots as underscores, then the caller's token.
        std::string caller = sender + 1;
        for (char& ch : caller)
            if (ch == '.')
                ch = '_';
        const std::string path =
            std::string("/org/freedesktop/portal/desktop/request/") + caller + "/" + token;
        g_variant_unref(options);
        self->owner->m_last_interactive = interactive != FALSE;
        ++self->owner->m_calls;
        g_dbus_method_invocation_return_value(call, g_variant_new("(o)", path.c_str()));

        std::uint32_t response = 0;
        std::string uri;
        {
            std::lock_guard<std::mutex> lock(self->mutex);
            response = self->response;
            uri = self->uri;
        }
        GVariantBuilder results;
        g_variant_builder_init(&results, G_VARIANT_TYPE_VARDICT);
        if (response == 0)
            g_variant_builder_add(&results, "{sv}", "uri", g_variant_new_string(uri.c_str()));
        g_dbus_connection_emit_signal(c, sender, path.c_str(), "org.freedesktop.portal.Request",
                                      "Response", g_variant_new("(ua{sv})", response, &results),
                                      nullptr);
    }

    static GVariant* on_get(GDBusConnection*, const gchar*, const gchar*, const gchar*,
                            const gchar*, GError**, gpointer) {
        return g_variant_new_uint32(2);
    }

    void run(std::promise<std::string> ready) {
        context = g_main_context_new();
        g_main_context_push_thread_default(context);
        loop = g_main_loop_new(context, FALSE);
        GError* error = nullptr;
        // A private connection: GLib's shared one belongs to the code under test.
        connection = g_dbus_connection_new_for_address_sync(
            address.c_str(),
            static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                              G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
            nullptr, nullptr, &error);
        if (!connection) {
            ready.set_value(std::string("cannot connect: ") + error->message);
            g_error_free(error);
            return;
        }
        GDBusNodeInfo* node = g_dbus_node_info_new_for_xml(kXml, nullptr);
        static const GDBusInterfaceVTable vtable{on_method, on_get, nullptr, {}};
        g_dbus_connection_register_object(connection, kPath, node->interfaces[0], &vtable, this,
                                          nullptr, nullptr);
        g_dbus_node_info_unref(node);
        ready.set_value("");
        g_main_loop_run(loop);
    }

    bool own(bool present) {
        GError* error = nullptr;
        GVariant* reply = g_dbus_connection_call_sync(
            connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
            present ? "RequestName" : "ReleaseName",
            present ? g_variant_new("(su)", kName, 4u) : g_variant_new("(s)", kName), nullptr,
            G_DBUS_CALL_FLAGS_NONE, 5000, nullptr, &error);
        if (!reply) {
            g_error_free(error);
            return false;
        }
        g_variant_unref(reply);
        return true;
    }
};

namespace {

FakePortal*& instance() {
    static FakePortal* portal = nullptr;
    return portal;
}

// Stops the fake portal when the test program ends, if a test started it.
class FakePortalEnvironment : public ::testing::Environment {
  public:
    void TearDown() override { FakePortal::stop(); }
};

const ::testing::Environment* const g_registered =
    ::testing::AddGlobalTestEnvironment(new FakePortalEnvironment());

}  // namespace

void FakePortal::stop() {
    FakePortal* portal = instance();
    if (!portal)
        return;
    // GLib's shared connection would otherwise ask the process to stop when its bus goes away.
    if (GDBusConnection* shared = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, nullptr)) {
        g_dbus_connection_set_exit_on_close(shared, FALSE);
        g_object_unref(shared);
    }
    Impl& impl = *portal->m_impl;
    g_main_loop_quit(impl.loop);
    impl.thread.join();
    g_object_unref(impl.connection);
    g_main_loop_unref(impl.loop);
    g_main_context_unref(impl.context);
    kill(impl.daemon, SIGTERM);
    delete portal;
    instance() = nullptr;
}

FakePortal* FakePortal::get(std::string& why) {
    FakePortal*& portal = instance();
    if (portal)
        return portal;
    // --fork returns once the bus listens; the address and the pid come on stdout.
    FILE* out = popen(
        "dbus-daemon --session --fork --print-address=1 --print-pid=1 "
        "--nosyslog 2>&1",
        "r");
    if (!out) {
        why = "cannot run dbus-daemon";
        return nullptr;
    }
    char address[512] = {}, pid[32] = {};
    const bool read = std::fgets(address, sizeof address, out) && std::fgets(pid, sizeof pid, out);
    pclose(out);
    if (!read || std::string(address).find("unix:") != 0) {
        why = std::string("dbus-daemon did not start: ") + address;
        return nullptr;
    }
    std::string addr(address);
    while (!addr.empty() && (addr.back() == '\n' || addr.back() == '\r'))
        addr.pop_back();
    auto* created = new FakePortal();
    created->m_impl = std::make_unique<Impl>();
    created->m_impl->owner = created;
    created->m_impl->address = addr;
    created->m_impl->daemon = static_cast<pid_t>(std::atoi(pid));
    ::setenv("DBUS_SESSION_BUS_ADDRESS", addr.c_str(), 1);
    std::promise<std::string> ready;
    std::future<std::string> started = ready.get_future();
    created->m_impl->thread = std::thread(&Impl::run, created->m_impl.get(), std::move(ready));
    why = started.get();
    if (!why.empty()) {
        created->m_impl->thread.join();
        kill(created->m_impl->daemon, SIGTERM);
        return nullptr;
    }
    created->set_present(true);
    portal = created;
    return portal;
}

void FakePortal::answer(std::uint32_t response, const std::string& uri) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    m_impl->response = response;
    m_impl->uri = uri;
}

bool FakePortal::set_present(bool present) {
    return m_impl->own(present);
}

}  // namespace scelle::test
