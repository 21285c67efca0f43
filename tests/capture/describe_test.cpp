// What a capture records: describe()'s JSON for the custody log, source_text()'s line.
#include <gtest/gtest.h>

#include <functional>

#include "scelle/base/version.h"
#include "scelle/capture/capture.h"

namespace scelle::capture {
namespace {

Frame grab_fake(const Request& request) {
    auto frame = make_fake_backend()->grab(request);
    EXPECT_TRUE(frame.ok());
    return frame.ok() ? std::move(frame).value() : Frame{};
}

// The custody log's canonical form allows strings, integers, booleans, arrays and objects.
void expect_no_floats(const nlohmann::json& j, const std::string& where = "") {
    EXPECT_FALSE(j.is_number_float()) << where;
    EXPECT_FALSE(j.is_null()) << where;
    EXPECT_FALSE(j.is_binary()) << where;
    if (j.is_object())
        for (const auto& [key, value] : j.items())
            expect_no_floats(value, where + "/" + key);
    if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i)
            expect_no_floats(j[i], where + "/" + std::to_string(i));
}

TEST(Describe, NamesTheWindowsWithoutFloats) {
    Request request;
    request.target = Target::window;
    const Frame frame = grab_fake(request);
    const nlohmann::json j = describe(frame);
    expect_no_floats(j);
    EXPECT_EQ(j.at("backend"), "fake");
    EXPECT_EQ(j.at("bounds"),
              (nlohmann::json{{"x", 100}, {"y", 80}, {"width", 1024}, {"height", 600}}));
    ASSERT_EQ(j.at("monitors").size(), 2u);
    EXPECT_EQ(j.at("monitors")[0].at("name"), "FAKE-1");
    EXPECT_EQ(j.at("monitors")[0].at("primary"), true);
    EXPECT_EQ(j.at("monitors")[1].at("x"), 1280);
    EXPECT_EQ(j.at("monitors")[1].at("index"), 1);
    EXPECT_EQ(j.at("active_window").at("title"), "Discord — #général");
    EXPECT_EQ(j.at("active_window").at("application"), "discord");
    EXPECT_EQ(j.at("window").at("title"), "Discord — #général");
    EXPECT_EQ(j.at("window").at("width"), 1024);
    EXPECT_EQ(j.at("app"), std::string("Scellé ") + scelle::kVersion);
    EXPECT_FALSE(j.at("os").get<std::string>().empty());
    // The text survives the canonical dump (UTF-8 kept, not escaped away).
    EXPECT_NE(j.dump().find("général"), std::string::npos);
}

TEST(Describe, NoWindowKeyForAScreen) {
    const Frame frame = grab_fake(Request{});
    const nlohmann::json j = describe(frame);
    expect_no_floats(j);
    EXPECT_FALSE(j.contains("window"));
    EXPECT_TRUE(j.contains("active_window"));
    EXPECT_EQ(j.at("width"), 1280);
}

TEST(SourceText, WindowScreenRegion) {
    Request window;
    window.target = Target::window;
    EXPECT_EQ(source_text(grab_fake(window), window), "“Discord — #général” (discord)");

    Request screen;
    EXPECT_EQ(source_text(grab_fake(screen), screen), "Screen 1 of 2 (1280×720)");
    screen.screen = 1;
    EXPECT_EQ(source_text(grab_fake(screen), screen), "Screen 2 of 2 (800×600)");

    Request all;
    all.target = Target::all_screens;
    EXPECT_EQ(source_text(grab_fake(all), all), "All screens (2080×720)");

    Request region;
    region.target = Target::region;
    region.region = Rect{10, 20, 200, 150};
    EXPECT_EQ(source_text(grab_fake(region), region), "Region 200×150 at 10,20 of screen 1");
    // On the second monitor, the position is counted from that monitor's corner.
    region.region = Rect{1290, 30, 100, 50};
    EXPECT_EQ(source_text(grab_fake(region), region), "Region 100×50 at 10,30 of screen 2");
}

TEST(SourceText, PortalDialogArea) {
    Frame frame;
    frame.width = 640;
    frame.height = 480;
    frame.png = std::vector<std::byte>(8);
    Request region;
    region.target = Target::region;
    EXPECT_EQ(source_text(frame, region),
              "Area chosen in the system's screenshot dialog (640×480)");
}

}  // namespace
}  // namespace scelle::capture
