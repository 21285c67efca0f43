// A 2 GiB video dropped on the window is imported on a worker while the window keeps
// answering; the Case and File menus open the export, report and verify dialogs; a keyboard
// shortcut reaches the menus.
#include <sys/statvfs.h>
#include <unistd.h>
#include <wx/dialog.h>
#include <wx/dnd.h>
#include <wx/timer.h>
#include <wx/uiaction.h>

#include <fstream>

#include "gui_test_env.h"
#include "main_frame_ids.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

using LargeAndMenus = MainFrameTest;

// Waits for the next modal dialog, notes its title, and closes it: the menus open dialogs
// with ShowModal, which runs its own event loop until this ends it.
class ModalCloser : public wxTimer {
  public:
    void Notify() override {
        for (wxWindow* w : wxTopLevelWindows) {
            auto* d = dynamic_cast<wxDialog*>(w);
            if (d != nullptr && d->IsModal()) {
                title = d->GetTitle();
                d->EndModal(wxID_CANCEL);
                Stop();
                return;
            }
        }
    }
    wxString title;
};

wxString title_of_dialog_opened_by(MainFrame* frame, int id) {
    ModalCloser closer;
    closer.Start(100);
    wxCommandEvent e(wxEVT_MENU, id);
    frame->GetEventHandler()->ProcessEvent(e);
    closer.Stop();
    return closer.title;
}

TEST_F(LargeAndMenus, ATwoGigabyteVideoIsImportedWhileTheWindowKeepsAnswering) {
    struct statvfs vfs {};
    ASSERT_EQ(::statvfs(dir.path().c_str(), &vfs), 0);
    const unsigned long long free_bytes =
        static_cast<unsigned long long>(vfs.f_bavail) * vfs.f_frsize;
    if (free_bytes < 6ULL << 30)
        GTEST_SKIP() << "needs 6 GiB free for a 2 GiB file and its stored copy";
    make_case();
    // An MP4 header, then 2 GiB in all (sparse: cheap to make, read as zeros).
    const fs::path video = dir / "video.mp4";
    {
        std::ofstream out(video, std::ios::binary);
        const char ftyp[] = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2',
                             0, 0, 0, 0,    'm', 'p', '4', '2', 'i', 's', 'o', 'm'};
        out.write(ftyp, sizeof ftyp);
    }
    const std::uintmax_t size = 2ULL << 30;
    fs::resize_file(video, size);

    auto* drop = dynamic_cast<wxFileDropTarget*>(frame->item_list()->GetDropTarget());
    ASSERT_NE(drop, nullptr);
    wxArrayString names;
    names.Add(wxString(video.c_str()));
    ASSERT_TRUE(drop->OnDropFiles(10, 10, names));
    // While the worker copies and hashes, the event loop runs: a timer keeps firing.
    int ticks = 0;
    wxTimer timer;
    timer.Bind(wxEVT_TIMER, [&](wxTimerEvent&) { ++ticks; });
    timer.Start(50);
    ASSERT_TRUE(pump_until([&] { return frame->idle() && !frame->items().empty(); },
                           std::chrono::minutes(5)))
        << frame->last_notice();
    timer.Stop();
    EXPECT_GT(ticks, 3);
    const core::Item& it = frame->items().front();
    EXPECT_EQ(it.kind, "file");
    EXPECT_EQ(it.size.value_or(0), static_cast<std::int64_t>(size));
    EXPECT_EQ(it.media_type.value_or(""), "video/mp4");
    // No thumbnail for a video, and the window is still usable.
    EXPECT_TRUE(frame->IsShown());
    std::error_code ec;
    fs::remove(original_of(it), ec);  // give the disk back at once
}

TEST_F(LargeAndMenus, TheMenusOpenTheExportReportVerifyAndSettingsDialogs) {
    make_case("Menus");
    EXPECT_FALSE(title_of_dialog_opened_by(frame, ID_EXPORT).empty());
    EXPECT_FALSE(title_of_dialog_opened_by(frame, ID_REPORT).empty());
    EXPECT_FALSE(title_of_dialog_opened_by(frame, ID_VERIFY).empty());
    EXPECT_FALSE(title_of_dialog_opened_by(frame, ID_SETTINGS).empty());
    EXPECT_TRUE(frame->IsShown());
}

TEST_F(LargeAndMenus, AKeyboardShortcutOpensTheLinkDialog) {
    make_case("Keyboard");
    frame->Raise();
    pump_for(std::chrono::milliseconds(300));
    // Without a window manager, X gives the keyboard to the window under the pointer.
    wxUIActionSimulator sim;
    sim.MouseMove(frame->GetScreenRect().GetPosition() + wxPoint(500, 400));
    pump_for(std::chrono::milliseconds(200));
    ModalCloser closer;
    closer.Start(100);
    sim.Char('l', wxMOD_CONTROL);  // Capture > Add a link…
    pump_until([&] { return !closer.title.empty(); }, std::chrono::seconds(10));
    closer.Stop();
    EXPECT_FALSE(closer.title.empty());
}

}  // namespace
}  // namespace scelle::gui::test
