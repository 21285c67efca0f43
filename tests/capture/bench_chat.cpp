// scelle-bench-chat: the chat window of the scrolling capture's test (chat_window.h), alone,
// for tests/bench/scroll_bench.sh. Prints its window id on stdout, goes back to the first
// line on SIGUSR1 (between two runs of the benchmark), and closes on SIGTERM or SIGINT.
#include <csignal>
#include <cstdio>

#include "chat_window.h"

namespace {

volatile std::sig_atomic_t g_rewind = 0;
volatile std::sig_atomic_t g_stop = 0;

}  // namespace

int main() {
    std::signal(SIGUSR1, [](int) { g_rewind = 1; });
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    std::signal(SIGINT, [](int) { g_stop = 1; });
    scelle::test::ChatWindow chat({});
    if (!chat.ok()) {
        std::fprintf(stderr, "scelle-bench-chat: cannot open the X display\n");
        return 1;
    }
    std::printf("%s\n", chat.id().c_str());
    std::fflush(stdout);
    chat.start();
    while (!g_stop) {
        if (g_rewind) {
            g_rewind = 0;
            chat.rewind();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    chat.stop();
    return 0;
}
