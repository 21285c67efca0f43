// The report dialog: it writes a real PDF (qpdf --check accepts it) for the destination and
// language chosen, opens it at the end, and a cancellation or an existing file leaves nothing
// new at the target.
#include "report_dialog.h"

#include <atomic>
#include <future>

#include "child_process.h"
#include "dialog_test_env.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;
using dlg::JobState;
using dlg::ReportDialog;

struct DestroyLater {
    void operator()(wxWindow* w) const { w->Destroy(); }
};

class ReportDialogTest : public DialogTest {
  protected:
    std::unique_ptr<ReportDialog, DestroyLater> open(const std::string& id) {
        std::unique_ptr<ReportDialog, DestroyLater> d(new ReportDialog(nullptr, *store, id, gui));
        d->set_launcher([this](const fs::path& p) {
            launched.push_back(p);
            return true;
        });
        d->Show();
        return d;
    }
    std::vector<fs::path> launched;
};

TEST_F(ReportDialogTest, WritesAPdfThatQpdfAcceptsAndOpensIt) {
    const std::string id = make_case();
    auto d = open(id);
    EXPECT_EQ(d->destination(), "3018") << "the case's own destination is chosen first";
    EXPECT_EQ(d->target().filename().string(), "scelle-" + id + "-report.pdf");
    const fs::path out = out_dir / "rapport police.pdf";
    d->set_target(out);
    d->set_destination("police");
    d->set_language("fr");
    ASSERT_TRUE(d->Start());
    ASSERT_TRUE(pump_until([&] { return !d->running(); }));
    ASSERT_EQ(d->state(), JobState::succeeded) << d->message();
    ASSERT_TRUE(d->outcome().has_value());
    EXPECT_EQ(d->outcome()->destination, "police");
    EXPECT_EQ(d->outcome()->lang, "fr");
    EXPECT_TRUE(d->message().StartsWith("The report is written: \"")) << d->message();

    const std::string pdf = scelle::test::read_file(out);
    ASSERT_GE(pdf.size(), 5u);
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    const auto qpdf = scelle::test::run({"qpdf", "--check", out.string()});
    EXPECT_EQ(qpdf.exit_code, 0) << qpdf.out << qpdf.err;

    // Opened at the end, with the desktop's viewer.
    ASSERT_EQ(launched.size(), 1u);
    EXPECT_EQ(launched[0], out);
}

TEST_F(ReportDialogTest, TheTranscriptsAnnexIsAddedWhenTicked) {
    const std::string id = make_case();
    for (bool ticked : {false, true}) {
        auto d = open(id);
        EXPECT_FALSE(d->transcripts()) << "off at first";
        const fs::path out = out_dir / (ticked ? "with.pdf" : "without.pdf");
        d->set_target(out);
        d->set_language("en");
        d->set_transcripts(ticked);
        ASSERT_TRUE(d->Start());
        ASSERT_TRUE(pump_until([&] { return !d->running(); }));
        ASSERT_EQ(d->state(), JobState::succeeded) << d->message();
        const auto text = scelle::test::run({"pdftotext", out.string(), "-"});
        ASSERT_EQ(text.exit_code, 0) << text.err;
        EXPECT_EQ(text.out.find("Appendix — machine transcripts") != std::string::npos, ticked);
    }
}

TEST_F(ReportDialogTest, CancellingLeavesNothingAtTheTarget) {
    const std::string id = make_case();
    auto d = open(id);
    const fs::path out = out_dir / "annule.pdf";
    d->set_target(out);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> held{false};
    d->set_poll_hook([released, &held] {
        if (!held.exchange(true))
            released.wait();
    });
    d->set_confirm_stop([] { return true; });
    ASSERT_TRUE(d->Start());
    ASSERT_TRUE(pump_until([&] { return held.load(); }));
    d->CancelOrClose();  // the Cancel button
    release.set_value();
    ASSERT_TRUE(pump_until([&] { return !d->running(); }));
    EXPECT_EQ(d->state(), JobState::cancelled);
    EXPECT_EQ(d->message(), wxString::FromUTF8("Report cancelled: nothing was written at “" +
                                               out.string() + "”."));
    EXPECT_FALSE(d->closed()) << "Cancel stops the work, the window stays to say so";
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(names_in(out_dir), std::vector<std::string>{});
    EXPECT_TRUE(launched.empty());
}

TEST_F(ReportDialogTest, AnExistingFileIsRefusedAndKept) {
    const std::string id = make_case();
    const fs::path out = out_dir / "deja.pdf";
    scelle::test::write_file(out, "%PDF- someone else's");
    auto d = open(id);
    d->set_target(out);
    EXPECT_FALSE(d->Start());
    EXPECT_TRUE(d->message().Contains(wxString::FromUTF8("already exists and was left untouched")))
        << d->message();
    EXPECT_EQ(scelle::test::read_file(out), "%PDF- someone else's");
}

}  // namespace
}  // namespace scelle::gui::test
