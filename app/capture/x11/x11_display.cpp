#include "x11_display.h"

#include <sys/ipc.h>
#include <sys/shm.h>

#include <cstdio>
#include <mutex>

namespace scelle::capture::x11 {

namespace {

// The handler is process-wide, so its state is too. The mutex lets one trap at a time own
// it: two backends on two threads would otherwise restore each other's handlers.
std::mutex g_trap_mutex;
Display* g_trapped = nullptr;
XErrorHandler g_previous = nullptr;
bool g_failed = false;
char g_message[256] = {};

int on_x_error(Display* display, XErrorEvent* event) {
    if (display != g_trapped) {
        // Another connection's error (the GUI toolkit's): its own handler decides.
        return g_previous ? g_previous(display, event) : 0;
    }
    if (!g_failed) {
        char text[160] = {};
        XGetErrorText(display, event->error_code, text, sizeof text);
        std::snprintf(g_message, sizeof g_message, "%s (request %d.%d, resource 0x%lx)", text,
                      event->request_code, event->minor_code, event->resourceid);
    }
    g_failed = true;
    return 0;
}

}  // namespace

ErrorTrap::ErrorTrap(Display* display) : m_display(display), m_previous(nullptr) {
    g_trap_mutex.lock();
    XSync(m_display, False);
    g_trapped = m_display;
    g_failed = false;
    g_message[0] = '\0';
    m_previous = XSetErrorHandler(on_x_error);
    g_previous = m_previous;
}

ErrorTrap::~ErrorTrap() {
    // Errors of the requests made inside the trap must arrive while it is still installed.
    XSync(m_display, False);
    XSetErrorHandler(m_previous);
    g_trapped = nullptr;
    g_previous = nullptr;
    g_trap_mutex.unlock();
}

bool ErrorTrap::failed() {
    XSync(m_display, False);
    return g_failed;
}

std::string ErrorTrap::message() const {
    return g_message;
}

void ErrorTrap::clear() {
    XSync(m_display, False);
    g_failed = false;
    g_message[0] = '\0';
}

std::unique_ptr<ShmImage> ShmImage::create(Display* display, Visual* visual, int depth,
                                           unsigned width, unsigned height) {
    if (!XShmQueryExtension(display))
        return nullptr;
    std::unique_ptr<ShmImage> shm(new ShmImage());
    shm->m_display = display;
    shm->m_width = width;
    shm->m_height = height;
    shm->m_info.shmid = -1;
    shm->m_info.shmaddr = reinterpret_cast<char*>(-1);
    shm->m_image = XShmCreateImage(display, visual, static_cast<unsigned>(depth), ZPixmap, nullptr,
                                   &shm->m_info, width, height);
    if (!shm->m_image)
        return nullptr;
    const std::size_t bytes =
        static_cast<std::size_t>(shm->m_image->bytes_per_line) * static_cast<std::size_t>(height);
    shm->m_info.shmid = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0600);
    if (shm->m_info.shmid < 0)
        return nullptr;
    shm->m_info.shmaddr = static_cast<char*>(shmat(shm->m_info.shmid, nullptr, 0));
    if (shm->m_info.shmaddr == reinterpret_cast<char*>(-1))
        return nullptr;
    shm->m_image->data = shm->m_info.shmaddr;
    shm->m_info.readOnly = False;
    {
        ErrorTrap trap(display);
        const Bool ok = XShmAttach(display, &shm->m_info);
        if (!ok || trap.failed())
            return nullptr;
        shm->m_attached = true;
    }
    // Marked for removal now that both sides are attached: the segment then disappears with
    // the last detach, even if this process is killed.
    shmctl(shm->m_info.shmid, IPC_RMID, nullptr);
    shm->m_info.shmid = -1;
    return shm;
}

ShmImage::~ShmImage() {
    if (m_attached) {
        XShmDetach(m_display, &m_info);
        XSync(m_display, False);
    }
    if (m_image) {
        // The data is the shared segment, detached below, not malloc'ed memory.
        m_image->data = nullptr;
        XDestroyImage(m_image);
    }
    if (m_info.shmaddr != reinterpret_cast<char*>(-1))
        shmdt(m_info.shmaddr);
    if (m_info.shmid >= 0)
        shmctl(m_info.shmid, IPC_RMID, nullptr);
}

}  // namespace scelle::capture::x11
