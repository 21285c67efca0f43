// scelle-capture-bench [N] [backend]: grabs the whole screen N times (default 20) and encodes
// each grab as the sealed PNG would be, printing the times. Used to compare the capture
// latency with scrot's; see docs/platforms.md. Not a test: timings are not asserted.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "scelle/capture/capture.h"

int main(int argc, char** argv) {
    using namespace scelle::capture;
    using Clock = std::chrono::steady_clock;
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    const std::string name = argc > 2 ? argv[2] : "x11";
    auto backend = open_backend(name);
    if (!backend.ok()) {
        std::fprintf(stderr, "cannot open %s: %s\n", name.c_str(), backend.error().detail.c_str());
        return 2;
    }
    Request request;
    request.target = Target::all_screens;
    std::vector<double> grabs, encodes, totals;
    std::size_t bytes = 0;
    std::uint32_t width = 0, height = 0;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        auto frame = (*backend)->grab(request);
        const auto t1 = Clock::now();
        if (!frame.ok()) {
            std::fprintf(stderr, "grab failed: %s\n", frame.error().detail.c_str());
            return 1;
        }
        auto capture = encode(std::move(frame).value());
        const auto t2 = Clock::now();
        if (!capture.ok()) {
            std::fprintf(stderr, "encode failed: %s\n", capture.error().detail.c_str());
            return 1;
        }
        bytes = capture->png.size();
        width = capture->width;
        height = capture->height;
        grabs.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        encodes.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
        totals.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::printf("%ux%u, %d runs, PNG %zu bytes\n", width, height, runs, bytes);
    std::printf("grab   median %.1f ms  min %.1f ms\n", median(grabs),
                *std::min_element(grabs.begin(), grabs.end()));
    std::printf("encode median %.1f ms  min %.1f ms\n", median(encodes),
                *std::min_element(encodes.begin(), encodes.end()));
    std::printf("total  median %.1f ms  min %.1f ms\n", median(totals),
                *std::min_element(totals.begin(), totals.end()));
    return 0;
}
