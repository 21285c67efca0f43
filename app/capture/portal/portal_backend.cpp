// The portal backend: org.freedesktop.portal.Screenshot through libportal, for Wayland
// sessions, where no client may read the screen's pixels by itself.
//
// The portal writes a PNG file and returns its file:// URI; those bytes are the original and
// are kept unchanged (Frame::png). The desktop shows its own dialog or permission prompt, so
// the user, not Scellé, chooses the area: `interactive` is asked for a region or a window.
// libportal is asynchronous: each grab runs its own GMainContext until the answer or a timeout.
#include <libportal/portal.h>

#include <memory>
#include <string>

#include <fmt/format.h>

#include "backend_modules.h"
#include "backends.h"
#include "png_file.h"
#include "scelle/base/handle.h"

namespace scelle::capture::portal {

namespace {

using ContextPtr = Handle<GMainContext, g_main_context_unref>;
using LoopPtr = Handle<GMainLoop, g_main_loop_unref>;
using ErrorPtr = Handle<GError, g_error_free>;
using CharPtr = Handle<char, g_free>;
using VariantPtr = Handle<GVariant, g_variant_unref>;
template <typename T>
using ObjectPtr = Handle<T, g_object_unref>;

// A source attached to a context is taken out of it, then released.
void destroy_source(GSource* s) {
    g_source_destroy(s);
    g_source_unref(s);
}
using SourcePtr = Handle<GSource, destroy_source>;

// Makes `context` the thread's default for the scope: libportal subscribes to the portal's
// answer on the thread-default context of the moment it is called.
class ThreadDefault {
  public:
    explicit ThreadDefault(GMainContext* context) : m_context(context) {
        g_main_context_push_thread_default(m_context);
    }
    ~ThreadDefault() { g_main_context_pop_thread_default(m_context); }
    ThreadDefault(const ThreadDefault&) = delete;
    ThreadDefault& operator=(const ThreadDefault&) = delete;

  private:
    GMainContext* m_context;
};

constexpr const char* kUnavailable = "the desktop's screenshot portal is not available";
// The non-interactive call may still show a permission prompt the first time.
constexpr guint kTimeoutSeconds = 60;
constexpr guint kInteractiveTimeoutSeconds = 600;

// What the callback hands back to grab().
struct Answer {
    GMainLoop* loop = nullptr;
    CharPtr uri;
    ErrorPtr error;
    bool done = false;
    bool timed_out = false;
    GCancellable* cancellable = nullptr;
};

void on_screenshot(GObject* source, GAsyncResult* result, gpointer data) {
    auto* answer = static_cast<Answer*>(data);
    GError* error = nullptr;
    answer->uri.reset(
        xdp_portal_take_screenshot_finish(reinterpret_cast<XdpPortal*>(source), result, &error));
    answer->error.reset(error);
    answer->done = true;
    g_main_loop_quit(answer->loop);
}

gboolean on_timeout(gpointer data) {
    auto* answer = static_cast<Answer*>(data);
    answer->timed_out = true;
    // libportal closes the request and answers with G_IO_ERROR_CANCELLED.
    g_cancellable_cancel(answer->cancellable);
    return G_SOURCE_REMOVE;
}

class PortalBackend final : public Backend {
  public:
    explicit PortalBackend(ObjectPtr<XdpPortal> portal) : m_portal(std::move(portal)) {}

    std::string_view name() const override { return "portal"; }
    bool asks_the_user() const override { return true; }

    // The portal tells nothing about the monitors or the windows.
    Result<std::vector<Monitor>> monitors() override { return std::vector<Monitor>{}; }
    Result<std::optional<WindowInfo>> active_window() override {
        return std::optional<WindowInfo>();
    }

    Result<Frame> grab(const Request& request) override {
        if (request.target == Target::screen && request.screen != 0)
            return make_error(Errc::usage, "portal",
                              "the screenshot portal takes all screens at once; choose a "
                              "region or a window to pick a part in its dialog");
        const bool interactive =
            request.target == Target::region || request.target == Target::window;

        ContextPtr context(g_main_context_new());
        ThreadDefault thread_default(context.get());
        LoopPtr loop(g_main_loop_new(context.get(), FALSE));
        ObjectPtr<GCancellable> cancellable(g_cancellable_new());
        Answer answer;
        answer.loop = loop.get();
        answer.cancellable = cancellable.get();

        SourcePtr timeout(g_timeout_source_new_seconds(interactive ? kInteractiveTimeoutSeconds
                                                                   : kTimeoutSeconds));
        g_source_set_callback(timeout.get(), on_timeout, &answer, nullptr);
        g_source_attach(timeout.get(), context.get());

        xdp_portal_take_screenshot(
            m_portal.get(), nullptr,
            interactive ? XDP_SCREENSHOT_FLAG_INTERACTIVE : XDP_SCREENSHOT_FLAG_NONE,
            cancellable.get(), on_screenshot, &answer);
        // The callback always comes, also after a cancel: `answer` must outlive it.
        while (!answer.done)
            g_main_loop_run(loop.get());

        if (answer.error) {
            const GError* e = answer.error.get();
            if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                return answer.timed_out ? make_error(Errc::capture_unavailable, "portal",
                                                     "the screenshot portal gave no answer in time")
                                        : make_error(Errc::capture_cancelled, "portal",
                                                     "the screenshot dialog was closed");
            if (e->domain == G_DBUS_ERROR)
                return make_error(Errc::capture_unavailable, "portal",
                                  fmt::format("{} ({})", kUnavailable, e->message));
            return make_error(Errc::capture_unavailable, "portal",
                              fmt::format("the screenshot portal failed: {}", e->message));
        }
        if (!answer.uri)
            return make_error(Errc::capture_unavailable, "portal",
                              "the screenshot portal returned no image");
        return frame_from_uri(answer.uri.get());
    }

  private:
    static Result<Frame> frame_from_uri(const char* uri) {
        SCELLE_ASSIGN_OR_RETURN(const std::filesystem::path path, detail::path_from_file_uri(uri));
        // Whatever is wrong with the file, the portal failed: the user gave no file to read.
        auto read = detail::read_png_file(path);
        if (!read.ok())
            return make_error(
                Errc::capture_unavailable, path.string(),
                fmt::format("the portal's image cannot be read: {}", read.error().detail));
        std::vector<std::byte> png = std::move(read).value();
        SCELLE_ASSIGN_OR_RETURN(const detail::PngSize size, detail::png_size(png));
        Frame frame;
        frame.backend = "portal";
        frame.width = size.width;
        frame.height = size.height;
        // The portal does not say where the area was; its size is all that is known.
        frame.bounds = Rect{0, 0, static_cast<std::int32_t>(size.width),
                            static_cast<std::int32_t>(size.height)};
        frame.png = std::move(png);
        return frame;
    }

    ObjectPtr<XdpPortal> m_portal;
};

// Asks the session bus for the Screenshot interface's version: it fails when there is no
// session bus, no portal service, or a portal without a screenshot backend.
Result<void> check_portal() {
    GError* error = nullptr;
    ObjectPtr<GDBusConnection> bus(g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error));
    ErrorPtr bus_error(error);
    if (!bus)
        return make_error(Errc::capture_unavailable, "portal",
                          fmt::format("{} (no session bus: {})", kUnavailable,
                                      bus_error ? bus_error->message : "unknown"));
    VariantPtr reply(g_dbus_connection_call_sync(
        bus.get(), "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
        "org.freedesktop.DBus.Properties", "Get",
        g_variant_new("(ss)", "org.freedesktop.portal.Screenshot", "version"),
        G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NONE, 10000, nullptr, &error));
    ErrorPtr call_error(error);
    if (!reply)
        return make_error(
            Errc::capture_unavailable, "portal",
            fmt::format("{} ({})", kUnavailable, call_error ? call_error->message : "no answer"));
    return {};
}

}  // namespace

}  // namespace scelle::capture::portal

namespace scelle::capture::detail {

Result<std::unique_ptr<Backend>> open_libportal_backend() {
    // libportal 0.6 only warns when the session bus is missing, then fails on every call:
    // the bus and the portal are checked first.
    SCELLE_TRY(portal::check_portal());
    portal::ObjectPtr<XdpPortal> handle(xdp_portal_new());
    if (!handle)
        return make_error(Errc::capture_unavailable, "portal", portal::kUnavailable);
    return std::unique_ptr<Backend>(std::make_unique<portal::PortalBackend>(std::move(handle)));
}

}  // namespace scelle::capture::detail
