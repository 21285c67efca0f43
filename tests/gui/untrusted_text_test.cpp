// Text from outside is shown as text, never interpreted: a file name or a description holding
// "&", a newline or an ESC sequence shows "&" as itself (not a mnemonic) and the controls as the
// visible escapes the command line uses, in the details pane, the thumbnail's caption and the
// case list.
#include <wx/control.h>

#include <filesystem>

#include "case_list.h"
#include "gui_test_env.h"
#include "item_details.h"
#include "item_list.h"

// After the wx headers, which define __WXGTK3__.
#ifdef __WXGTK3__
#include <gtk/gtk.h>
#endif

namespace scelle::gui::test {
namespace {

using UntrustedText = MainFrameTest;

// The text the screen shows for a label: GTK's own, after wx's mnemonic handling.
wxString displayed(wxControl* label) {
#ifdef __WXGTK3__
    if (GTK_IS_LABEL(label->GetHandle()))
        return wxString::FromUTF8(gtk_label_get_text(GTK_LABEL(label->GetHandle())));
#endif
    return label->GetLabelText();
}

// No control character at all: neither C0 (ESC, newline, CR) nor DEL nor C1.
bool has_control(const wxString& s) {
    for (const auto ch : s) {
        const auto c = static_cast<wxUint32>(ch.GetValue());
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x202e)
            return true;
    }
    return false;
}

TEST_F(UntrustedText, NamesAndDescriptionsAreShownLiterallyWithVisibleEscapes) {
    const std::string title =
        "Zoé & Max \xe2\x80\xae"  // U+202E RIGHT-TO-LEFT OVERRIDE
        "gnp.exe";
    make_case(title);
    // A name a forger could give a file: an ampersand, a newline, an ESC colour sequence.
    const std::string name = "a & b\nc\x1b[31m.png";
    const auto png = write_png("plain.png", 40, 30);
    const auto odd = dir / name;
    std::filesystem::rename(png, odd);
    frame->SetClientSize(frame->FromDIP(wxSize(1100, 700)));
    frame->import_paths({odd});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    const core::Item& it = frame->items().front();
    ASSERT_EQ(it.name.value_or(""), name);  // the store keeps the exact name
    pump_for(std::chrono::milliseconds(200));

    const wxString name_shown = wxString::FromUTF8(R"(a & b\nc\x1b[31m.png)");
    // The details pane: the name's value on one line, "&" literal, the controls escaped.
    auto* value =
        dynamic_cast<wxControl*>(wxWindow::FindWindowByName(wxT("name"), frame->details()));
    ASSERT_NE(value, nullptr);
    EXPECT_EQ(value->GetLabelText(), name_shown);
    EXPECT_EQ(displayed(value), name_shown);
    EXPECT_FALSE(has_control(displayed(value))) << displayed(value);

    // The thumbnail's caption shows the name the same way.
    ASSERT_EQ(frame->item_list()->GetItemCount(), 1);
    const wxString caption = frame->item_list()->GetItemText(0);
    EXPECT_EQ(caption,
              wxString::Format(wxT("%lld. "), static_cast<long long>(it.seq)) + name_shown);
    EXPECT_FALSE(has_control(caption)) << caption;

    // A description with "&" and a newline: the caption shows it on one line; the box where it
    // is edited keeps the exact text (its newline is a real line there).
    const wxString description = wxString::FromUTF8("Vu & signalé\nhier soir");
    frame->describe_item(it.seq, description);
    ASSERT_TRUE(wait_idle());
    pump_for(std::chrono::milliseconds(200));
    const wxString caption2 = frame->item_list()->GetItemText(0);
    EXPECT_TRUE(caption2.Contains(wxString::FromUTF8(R"(Vu & signalé\nhier)"))) << caption2;
    EXPECT_FALSE(has_control(caption2)) << caption2;
    EXPECT_EQ(frame->details()->field(wxT("description")), description);

    // The case list: the title's override is shown, not obeyed.
    ASSERT_GE(frame->case_list()->GetItemCount(), 1);
    const wxString row = frame->case_list()->GetItemText(0);
    EXPECT_EQ(row, wxString::FromUTF8(R"(Zoé & Max \u{202E}gnp.exe)"));
    EXPECT_FALSE(has_control(row)) << row;
}

}  // namespace
}  // namespace scelle::gui::test
