// The macOS backend: ScreenCaptureKit (macOS 14 and later), with the Screen Recording
// permission. Objective-C++ with ARC.
//
// Coordinates: the virtual screen is in pixels, each display's points (CoreGraphics' global
// space, origin at the main display's top-left corner) multiplied by that display's scale.
// With displays of different scales side by side this is an approximation of where they meet.
// Not compiled or tested on Linux; see docs/platforms.md.
#import <AppKit/AppKit.h>
#import <CoreGraphics/CoreGraphics.h>
#import <ScreenCaptureKit/ScreenCaptureKit.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "backends.h"

namespace scelle::capture::macos {

namespace {

struct CFReleaser {
    void operator()(CFTypeRef ref) const {
        if (ref)
            CFRelease(ref);
    }
};
template <typename Ref>
using CFPtr = std::unique_ptr<std::remove_pointer_t<Ref>, CFReleaser>;

constexpr const char* kPermission =
    "Scellé is not allowed to record the screen: allow it in System Settings → Privacy & "
    "Security → Screen Recording, then quit Scellé and open it again (macOS applies this "
    "permission only when an application starts)";
constexpr std::int64_t kWaitSeconds = 15;

std::string utf8(NSString* s) {
    return s ? std::string([s UTF8String]) : std::string();
}

Result<void> check_permission() {
    if (CGPreflightScreenCaptureAccess())
        return {};
    // Shows the system's prompt (the first time only); the answer takes effect at relaunch.
    CGRequestScreenCaptureAccess();
    return make_error(Errc::capture_unavailable, "macos", kPermission);
}

Result<SCShareableContent*> shareable_content() API_AVAILABLE(macos(14.0)) {
    __block SCShareableContent* content = nil;
    __block NSError* error = nil;
    dispatch_semaphore_t done = dispatch_semaphore_create(0);
    // The handler runs on ScreenCaptureKit's own queue, so waiting here cannot deadlock.
    [SCShareableContent
        getShareableContentExcludingDesktopWindows:YES
                               onScreenWindowsOnly:YES
                                 completionHandler:^(SCShareableContent* c, NSError* e) {
                                   content = c;
                                   error = e;
                                   dispatch_semaphore_signal(done);
                                 }];
    if (dispatch_semaphore_wait(done,
                                dispatch_time(DISPATCH_TIME_NOW, kWaitSeconds * NSEC_PER_SEC)) != 0)
        return make_error(Errc::capture_unavailable, "macos",
                          "ScreenCaptureKit gave no answer in time");
    if (!content)
        return make_error(Errc::capture_unavailable, "macos",
                          fmt::format("{} ({})", kPermission, utf8(error.localizedDescription)));
    return content;
}

// One captured image, drawn into sRGB 8-bit RGBX memory and packed to RGB.
Result<std::vector<std::uint8_t>> capture_rgb(SCContentFilter* filter, CGRect source,
                                              std::size_t width, std::size_t height)
    API_AVAILABLE(macos(14.0)) {
    SCStreamConfiguration* config = [[SCStreamConfiguration alloc] init];
    config.width = width;
    config.height = height;
    config.showsCursor = NO;
    config.captureResolution = SCCaptureResolutionBest;
    if (!CGRectIsNull(source))
        config.sourceRect = source;
    __block CGImageRef image = nullptr;
    __block NSError* error = nil;
    dispatch_semaphore_t done = dispatch_semaphore_create(0);
    [SCScreenshotManager captureImageWithFilter:filter
                                  configuration:config
                              completionHandler:^(CGImageRef img, NSError* e) {
                                // The image belongs to the handler: retained to outlive it.
                                image = img ? CGImageRetain(img) : nullptr;
                                error = e;
                                dispatch_semaphore_signal(done);
                              }];
    if (dispatch_semaphore_wait(done,
                                dispatch_time(DISPATCH_TIME_NOW, kWaitSeconds * NSEC_PER_SEC)) != 0)
        return make_error(Errc::capture_unavailable, "macos",
                          "ScreenCaptureKit gave no image in time");
    CFPtr<CGImageRef> owned(image);
    if (!image)
        return make_error(
            Errc::capture_unavailable, "macos",
            fmt::format("ScreenCaptureKit gave no image ({})", utf8(error.localizedDescription)));
    std::vector<std::uint8_t> rgbx(width * height * 4);
    CFPtr<CGColorSpaceRef> srgb(CGColorSpaceCreateWithName(kCGColorSpaceSRGB));
    CFPtr<CGContextRef> context(
        CGBitmapContextCreate(rgbx.data(), width, height, 8, width * 4, srgb.get(),
                              kCGImageAlphaNoneSkipLast | kCGBitmapByteOrder32Big));
    if (!context)
        return make_error(Errc::capture_unavailable, "macos", "cannot make a bitmap context");
    CGContextDrawImage(context.get(), CGRectMake(0, 0, width, height), image);
    std::vector<std::uint8_t> rgb(width * height * 3);
    for (std::size_t i = 0, j = 0; i < rgbx.size(); i += 4, j += 3) {
        rgb[j] = rgbx[i];
        rgb[j + 1] = rgbx[i + 1];
        rgb[j + 2] = rgbx[i + 2];
    }
    return rgb;
}

double display_scale(CGDirectDisplayID id) {
    CFPtr<CGDisplayModeRef> mode(CGDisplayCopyDisplayMode(id));
    if (!mode || CGDisplayModeGetWidth(mode.get()) == 0)
        return 1.0;
    return static_cast<double>(CGDisplayModeGetPixelWidth(mode.get())) /
           static_cast<double>(CGDisplayModeGetWidth(mode.get()));
}

std::int32_t px(double points, double scale) {
    return static_cast<std::int32_t>(std::lround(points * scale));
}

std::string display_name(CGDirectDisplayID id) {
    for (NSScreen* screen in NSScreen.screens) {
        NSNumber* number = screen.deviceDescription[@"NSScreenNumber"];
        if (number && number.unsignedIntValue == id)
            return utf8(screen.localizedName);
    }
    return {};
}

struct Display {
    SCDisplay* display = nil;
    Monitor monitor;
    double scale = 1.0;
};

class MacBackend final : public Backend {
  public:
    std::string_view name() const override { return "macos"; }

    Result<std::vector<Monitor>> monitors() override {
        if (@available(macOS 14.0, *)) {
            SCELLE_TRY(check_permission());
            SCELLE_ASSIGN_OR_RETURN(SCShareableContent * content, shareable_content());
            std::vector<Monitor> out;
            for (const Display& d : displays(content))
                out.push_back(d.monitor);
            return out;
        }
        return too_old();
    }

    Result<std::optional<WindowInfo>> active_window() override {
        if (@available(macOS 14.0, *)) {
            SCELLE_TRY(check_permission());
            SCELLE_ASSIGN_OR_RETURN(SCShareableContent * content, shareable_content());
            SCWindow* w = frontmost_window(content);
            if (!w)
                return std::optional<WindowInfo>();
            return std::optional<WindowInfo>(window_info(w, displays(content)));
        }
        return too_old();
    }

    Result<Frame> grab(const Request& request) override {
        if (@available(macOS 14.0, *)) {
            @autoreleasepool {
                return grab_14(request);
            }
        }
        return too_old();
    }

  private:
    static Error too_old() {
        return make_error(Errc::capture_unavailable, "macos",
                          "screen capture needs macOS 14 (Sonoma) or later");
    }

    // The displays, primary first, with their bounds in pixels.
    static std::vector<Display> displays(SCShareableContent* content) API_AVAILABLE(macos(14.0)) {
        std::vector<Display> out;
        for (SCDisplay* sc in content.displays) {
            Display d;
            d.display = sc;
            d.scale = display_scale(sc.displayID);
            const CGRect b = CGDisplayBounds(sc.displayID);
            d.monitor.bounds = Rect{px(b.origin.x, d.scale), px(b.origin.y, d.scale),
                                    px(b.size.width, d.scale), px(b.size.height, d.scale)};
            d.monitor.primary = CGDisplayIsMain(sc.displayID) != 0;
            d.monitor.name = display_name(sc.displayID);
            if (d.monitor.primary)
                out.insert(out.begin(), d);
            else
                out.push_back(d);
        }
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i].monitor.index = static_cast<int>(i);
        return out;
    }

    // The frontmost application's frontmost normal window: CGWindowList is ordered front to
    // back, which ScreenCaptureKit's list does not promise.
    static SCWindow* frontmost_window(SCShareableContent* content) API_AVAILABLE(macos(14.0)) {
        const pid_t pid = NSWorkspace.sharedWorkspace.frontmostApplication.processIdentifier;
        CFPtr<CFArrayRef> list(CGWindowListCopyWindowInfo(
            kCGWindowListOptionOnScreenOnly | kCGWindowListExcludeDesktopElements,
            kCGNullWindowID));
        if (!list)
            return nil;
        NSArray* windows = (__bridge NSArray*)list.get();
        for (NSDictionary* info in windows) {
            if ([info[(__bridge NSString*)kCGWindowOwnerPID] intValue] != pid ||
                [info[(__bridge NSString*)kCGWindowLayer] intValue] != 0)
                continue;
            const CGWindowID id = [info[(__bridge NSString*)kCGWindowNumber] unsignedIntValue];
            for (SCWindow* w in content.windows)
                if (w.windowID == id)
                    return w;
        }
        return nil;
    }

    static WindowInfo window_info(SCWindow* w, const std::vector<Display>& displays)
        API_AVAILABLE(macos(14.0)) {
        WindowInfo info;
        info.id = std::to_string(w.windowID);
        info.title = utf8(w.title);
        info.application = utf8(w.owningApplication.bundleIdentifier);
        const double scale = scale_at(displays, w.frame.origin);
        info.bounds = Rect{px(w.frame.origin.x, scale), px(w.frame.origin.y, scale),
                           px(w.frame.size.width, scale), px(w.frame.size.height, scale)};
        return info;
    }

    static double scale_at(const std::vector<Display>& displays, CGPoint p) {
        for (const Display& d : displays)
            if (CGRectContainsPoint(CGDisplayBounds(d.display.displayID), p))
                return d.scale;
        return displays.empty() ? 1.0 : displays.front().scale;
    }

    static Rect bounding_box(const std::vector<Display>& displays) {
        if (displays.empty())
            return Rect{};
        std::int64_t l = INT32_MAX, t = INT32_MAX, r = INT32_MIN, b = INT32_MIN;
        for (const Display& d : displays) {
            const Rect& m = d.monitor.bounds;
            l = std::min<std::int64_t>(l, m.x);
            t = std::min<std::int64_t>(t, m.y);
            r = std::max<std::int64_t>(r, std::int64_t{m.x} + m.width);
            b = std::max<std::int64_t>(b, std::int64_t{m.y} + m.height);
        }
        return Rect{static_cast<std::int32_t>(l), static_cast<std::int32_t>(t),
                    static_cast<std::int32_t>(r - l), static_cast<std::int32_t>(b - t)};
    }

    // An area of the virtual screen, read display by display (one capture per display it
    // touches) into one frame; where no display is, the pixels stay black.
    static Result<void> read_area(const std::vector<Display>& displays, Frame& frame)
        API_AVAILABLE(macos(14.0)) {
        const Rect& area = frame.bounds;
        frame.width = static_cast<std::uint32_t>(area.width);
        frame.height = static_cast<std::uint32_t>(area.height);
        frame.rgb.assign(std::size_t{frame.width} * frame.height * 3, 0);
        for (const Display& d : displays) {
            const Rect part = area.intersect(d.monitor.bounds);
            if (part.empty())
                continue;
            SCContentFilter* filter = [[SCContentFilter alloc] initWithDisplay:d.display
                                                              excludingWindows:@[]];
            // sourceRect is in the display's own points.
            const CGRect source = CGRectMake((part.x - d.monitor.bounds.x) / d.scale,
                                             (part.y - d.monitor.bounds.y) / d.scale,
                                             part.width / d.scale, part.height / d.scale);
            SCELLE_ASSIGN_OR_RETURN(
                std::vector<std::uint8_t> rgb,
                capture_rgb(filter, source, static_cast<std::size_t>(part.width),
                            static_cast<std::size_t>(part.height)));
            const std::size_t row = static_cast<std::size_t>(part.width) * 3;
            for (std::int32_t y = 0; y < part.height; ++y)
                std::memcpy(frame.rgb.data() +
                                (static_cast<std::size_t>(part.y - area.y + y) * frame.width +
                                 static_cast<std::size_t>(part.x - area.x)) *
                                    3,
                            rgb.data() + static_cast<std::size_t>(y) * row, row);
        }
        return {};
    }

    Result<Frame> grab_14(const Request& request) API_AVAILABLE(macos(14.0)) {
        SCELLE_TRY(check_permission());
        SCELLE_ASSIGN_OR_RETURN(SCShareableContent * content, shareable_content());
        const std::vector<Display> list = displays(content);
        if (list.empty())
            return make_error(Errc::capture_unavailable, "macos", "no display is connected");
        Frame frame;
        frame.backend = "macos";
        for (const Display& d : list)
            frame.monitors.push_back(d.monitor);
        if (SCWindow* front = frontmost_window(content))
            frame.active_window = window_info(front, list);
        const Rect screen = bounding_box(list);
        switch (request.target) {
            case Target::screen:
                if (request.screen < 0 || static_cast<std::size_t>(request.screen) >= list.size())
                    return make_error(Errc::usage, "capture",
                                      fmt::format("there is no screen {} (screens: 1 to {})",
                                                  request.screen + 1, list.size()));
                frame.bounds = list[static_cast<std::size_t>(request.screen)].monitor.bounds;
                break;
            case Target::all_screens:
                frame.bounds = screen;
                break;
            case Target::region:
                if (!screen.contains(request.region))
                    return make_error(Errc::usage, "capture",
                                      fmt::format("the region {}×{} at {},{} is not inside the "
                                                  "screen ({}×{} at {},{})",
                                                  request.region.width, request.region.height,
                                                  request.region.x, request.region.y, screen.width,
                                                  screen.height, screen.x, screen.y));
                frame.bounds = request.region;
                break;
            case Target::window:
                return grab_window(request, content, list, std::move(frame));
        }
        SCELLE_TRY(read_area(list, frame));
        return frame;
    }

    // One window alone, drawn by the window server: covered parts included, other windows
    // left out.
    static Result<Frame> grab_window(const Request& request, SCShareableContent* content,
                                     const std::vector<Display>& list, Frame frame)
        API_AVAILABLE(macos(14.0)) {
        SCWindow* window = nil;
        if (request.window == "active") {
            window = frontmost_window(content);
            if (!window)
                return make_error(Errc::usage, "capture", "no window is active");
        } else {
            for (SCWindow* w in content.windows)
                if (std::to_string(w.windowID) == request.window)
                    window = w;
            if (!window)
                return make_error(Errc::usage, request.window,
                                  "no window on the screen has this id");
        }
        frame.window = window_info(window, list);
        SCContentFilter* filter = [[SCContentFilter alloc] initWithDesktopIndependentWindow:window];
        const CGFloat scale = filter.pointPixelScale;
        const auto width =
            static_cast<std::size_t>(std::lround(filter.contentRect.size.width * scale));
        const auto height =
            static_cast<std::size_t>(std::lround(filter.contentRect.size.height * scale));
        if (width == 0 || height == 0)
            return make_error(Errc::usage, frame.window->id, "the window has no size");
        SCELLE_ASSIGN_OR_RETURN(frame.rgb, capture_rgb(filter, CGRectNull, width, height));
        frame.width = static_cast<std::uint32_t>(width);
        frame.height = static_cast<std::uint32_t>(height);
        frame.bounds = Rect{frame.window->bounds.x, frame.window->bounds.y,
                            static_cast<std::int32_t>(width), static_cast<std::int32_t>(height)};
        return frame;
    }
};

}  // namespace

}  // namespace scelle::capture::macos

namespace scelle::capture::detail {

Result<std::unique_ptr<Backend>> open_macos_backend() {
    // The permission is checked at each grab, not here: the CLI may open the backend only to
    // list the screens, and the user may grant the permission while Scellé runs.
    return std::unique_ptr<Backend>(std::make_unique<macos::MacBackend>());
}

}  // namespace scelle::capture::detail
