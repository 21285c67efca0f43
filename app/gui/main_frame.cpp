#include "main_frame.h"

#include <algorithm>
#include <memory>
#include <utility>

#include <wx/aboutdlg.h>
#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/display.h>
#include <wx/filedlg.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/statusbr.h>
#include <wx/toolbar.h>
#include <wx/weakref.h>

#include "accessible.h"
#include "account_dialog.h"
#include "art.h"
#include "drop_target.h"
#include "error_text.h"
#include "main_frame_ids.h"
#include "region_overlay.h"
#include "status_counts.h"

#ifdef SCELLE_HAVE_DIALOGS
#include "dialogs/dialog_support.h"
#include "dialogs/dialogs.h"
#endif

namespace scelle::gui {

namespace {

wxString destination_text(const std::optional<std::string>& d) {
    if (!d)
        return _("whom to tell: not decided yet");
    if (*d == "pharos")
        return _("to report to Pharos");
    if (*d == "3018")
        return _("to show the 3018");
    if (*d == "police")
        return _("for a complaint to the police or gendarmerie");
    if (*d == "platform")
        return _("to report to the platform");
    return shown_text(*d);
}

// Where each item's original is in the case folder (empty for links), for the viewer.
std::vector<std::filesystem::path> originals_of(const std::vector<core::Item>& items,
                                                const core::CaseStore& store) {
    std::vector<std::filesystem::path> out;
    out.reserve(items.size());
    for (const auto& it : items)
        out.push_back(it.sha256 ? store.object_path(*it.sha256) : std::filesystem::path());
    return out;
}

}  // namespace

MainFrame::MainFrame(const std::filesystem::path& store_root, GuiSettings settings,
                     FirstRun first_run)
    : wxFrame(nullptr, wxID_ANY, wxT("Scellé"), wxDefaultPosition, wxDefaultSize),
      m_store_root(store_root),
      m_store(store_root),
      m_settings(std::move(settings)) {
    SetName(wxT("scelle-main"));
    if (const wxIconBundle icons = app_icons(share_dir()); !icons.IsEmpty())
        SetIcons(icons);
    build_menus();
    build_toolbar();
    auto* panel = new wxPanel(this);
    auto* top = new wxBoxSizer(wxVERTICAL);
    m_info = new wxInfoBar(panel);
    // Our own button: GTK's default one is labelled by GTK's catalog, which a system without
    // the French language pack lacks. Any button of the bar closes it.
    m_info->AddButton(wxID_CLOSE, _("Close"));
    top->Add(m_info, wxSizerFlags().Expand());
    top->Add(build_body(panel), wxSizerFlags(1).Expand());
    panel->SetSizer(top);
    CreateStatusBar(3);
    set_reading_status(wxString());
    m_reader.on_progress = [this](const PictureReader::Progress& p) { on_reading_progress(p); };
    m_reader.on_finished = [this](const PictureReader::Finished& f) { on_reading_finished(f); };

    // Files dropped anywhere on the items or the window are imported.
    m_item_list->SetDropTarget(
        new FileDrop([this](auto paths) { import_paths(std::move(paths)); }));
    panel->SetDropTarget(new FileDrop([this](auto paths) { import_paths(std::move(paths)); }));

    m_details->on_describe = [this](std::int64_t seq, const wxString& text) {
        describe_item(seq, text);
    };
    m_details->on_happened = [this](std::int64_t seq, const wxString& typed) {
        set_item_happened(seq, typed);
    };
    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::on_close, this);
    m_settle_timer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (auto then = std::move(m_after_settle))
            then();
    });
    m_case_list->Bind(wxEVT_LIST_ITEM_SELECTED, &MainFrame::on_case_selected, this);
    m_item_list->Bind(wxEVT_LIST_ITEM_SELECTED, &MainFrame::on_item_selected, this);
    m_item_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { m_details->clear(); });
    // A double click or Enter on a tile: the item in a larger window.
    m_item_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { open_viewer(); });
    // Right click, the Menu key or Shift+F10 on an item: the same entries as the Item menu.
    m_item_list->Bind(wxEVT_CONTEXT_MENU, [this](wxContextMenuEvent& e) {
        wxPoint at = e.GetPosition();
        if (at != wxDefaultPosition) {
            const long hit = m_item_list->index_at(m_item_list->ScreenToClient(at));
            if (const auto seq = m_item_list->seq_at(hit)) {
                m_item_list->select_seq(*seq);
                show_selected_item();
            }
            at = ScreenToClient(at);
        }
        if (!selected_item())
            return;
        std::unique_ptr<wxMenu> menu(make_item_menu());
        PopupMenu(menu.get(), at);
    });

    // Never larger than the screen it opens on: a laptop at 200 % may have only 960×540
    // logical pixels, and a window bigger than that hides its right-hand side.
    const int on = wxDisplay::GetFromWindow(this);
    const wxRect area =
        wxDisplay(on == wxNOT_FOUND ? 0u : static_cast<unsigned>(on)).GetClientArea();
    wxSize size = FromDIP(wxSize(1360, 820));
    wxSize min_size = FromDIP(wxSize(900, 560));
    size.DecTo(area.GetSize());
    min_size.DecTo(area.GetSize());
    SetMinSize(min_size);
    // Centred on its screen's work area: a window as large as the area starts at its corner,
    // never half outside it.
    SetSize(wxRect(area.GetTopLeft() + (area.GetSize() - size) / 2, size));
    // A window as large as the screen is maximised: the window manager then fits it to the
    // work area, where a placement policy might otherwise push half of it off the screen.
    if (size.x >= area.width || size.y >= area.height)
        Maximize();
    m_retry_timer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (has_unsealed())
            seal_in_background(true);
    });
    m_retry_timer.Start(5 * 60 * 1000);
    reload_cases();
    if (!m_case_list->cases().empty())
        open_case(m_case_list->cases().front().id);
    else if (first_run == FirstRun::offer_new_case)
        // Once the window is on screen and the window manager has made it active: a dialog
        // mapped before its parent may be put behind it (2 starts in 5 under openbox).
        when_on_screen([this] { new_case_flow(); });
    keep_dialogs_in_front();
    update_status();
}

void MainFrame::when_on_screen(std::function<void()> then) {
    auto once = std::make_shared<std::function<void()>>(std::move(then));
    auto run = [this, once] {
        if (auto f = std::exchange(*once, nullptr))
            CallAfter(f);
    };
    Bind(wxEVT_ACTIVATE, [run](wxActivateEvent& e) {
        e.Skip();
        if (e.GetActive())
            run();
    });
    // Without a window manager (or one that does not activate new windows) no activation
    // comes: shown and idle for a moment is enough then.
    m_on_screen_timer.Bind(wxEVT_TIMER, [run](wxTimerEvent&) { run(); });
    m_on_screen_timer.StartOnce(1500);
}

void MainFrame::keep_dialogs_in_front() {
    // A modal dialog is never left behind this window: when the window manager activates
    // the window (a click, Alt+Tab, its late mapping), the dialog comes back on top.
    Bind(wxEVT_ACTIVATE, [this](wxActivateEvent& e) {
        e.Skip();
        if (!e.GetActive())
            return;
        for (wxWindow* w : GetChildren())
            if (auto* d = wxDynamicCast(w, wxDialog); d && d->IsShown() && d->IsModal()) {
                wxWeakRef<wxDialog> dialog(d);
                CallAfter([dialog] {
                    if (dialog && dialog->IsShown()) {
                        dialog->Raise();
                        dialog->SetFocus();
                    }
                });
                break;
            }
    });
}

MainFrame::~MainFrame() {
    // The reading ends after the pictures under way (what was read is kept)...
    m_reader.stop();
    // ... before wx deletes this window's pending events: no job may post to it afterwards.
    m_workers.join_all();
}

void MainFrame::build_menus() {
    auto* file = new wxMenu;
    file->Append(ID_NEW_CASE, _("&New case…\tCtrl+N"), _("Start a new case, step by step"));
    file->Append(ID_IMPORT, _("&Import files…\tCtrl+O"),
                 _("Bring in pictures or files, for example screenshots from a phone"));
    file->AppendSeparator();
    file->Append(ID_VERIFY, _("&Verify a bundle…\tCtrl+Shift+V"),
                 _("Check that an evidence bundle is intact and sealed"));
    file->Append(ID_SETTINGS, _("&Settings…\tCtrl+,"));
    file->AppendSeparator();
    file->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));

    auto* capture_menu = new wxMenu;
    // Ctrl+Shift+E, R, T: three keys side by side that are the same keys, with the same
    // letters, on QWERTY and AZERTY (digits need Shift on AZERTY, and Shift+1 is "!" on
    // QWERTY). E for screen (écran), R for region (région). The same in every language.
    capture_menu->Append(ID_CAPTURE_SCREEN, _("Capture the &screen\tCtrl+Shift+E"),
                         _("The screen under the mouse pointer"));
    // Filled when the menu opens: the monitors can change while Scellé runs.
    auto* screens = new wxMenu;
    capture_menu->AppendSubMenu(screens, _("Capture &one screen"),
                                _("Choose the screen to keep, or all screens together"));
    Bind(wxEVT_MENU_OPEN, [this, screens](wxMenuEvent& e) {
        if (e.GetMenu() == screens)
            fill_screens_menu(screens);
        e.Skip();
    });
    capture_menu->Append(ID_CAPTURE_REGION, _("Capture a &region\tCtrl+Shift+R"));
    capture_menu->Append(ID_CAPTURE_WINDOW, _("Capture the active &window\tCtrl+Shift+T"));
    capture_menu->Append(ID_CAPTURE_SCROLL, _("Capture a long &conversation…\tCtrl+Shift+Y"),
                         _("Click into the conversation during the countdown: Scellé scrolls "
                           "it and joins the pictures. Hold Esc to stop."));
    capture_menu->Append(ID_CAPTURE_SCROLL_REGION, _("Capture a long conversation &in a region…"),
                         _("Draw the part that scrolls (the messages, without the lists beside "
                           "them): Scellé scrolls it and joins the pictures. Hold Esc to stop."));
    capture_menu->AppendSeparator();
    capture_menu->Append(ID_PASTE_IMAGE, _("&Paste an image\tCtrl+Shift+P"));
    capture_menu->Append(ID_ADD_LINK, _("Add a &link…\tCtrl+L"));
    capture_menu->Append(ID_ADD_ACCOUNT, _("Add an &account…\tCtrl+Shift+A"));

    auto* case_menu = new wxMenu;
    case_menu->Append(ID_EXPORT, _("&Export the bundle…\tCtrl+E"),
                      _("Make the sealed zip file to give to Pharos, the 3018 or the police"));
    case_menu->Append(ID_REPORT, _("Print the &report…\tCtrl+P"),
                      _("Make the PDF report to print"));
    case_menu->Append(ID_NOTICE, _("No&tice for the platform…"),
                      _("The text to paste into the platform's report form: the accounts' "
                        "identifiers and the messages' links"));
    case_menu->Append(ID_SEARCH, _("Search the &words of the pictures…\tCtrl+F"),
                      _("Find words in the pictures' machine transcripts and see them framed"));
    case_menu->Append(ID_SUGGESTIONS, _("Names and &links read in the pictures…"),
                      _("The handles, links, e-mail addresses and phone numbers the pictures' "
                        "transcripts name: offered, never added without your yes"));
    case_menu->AppendSeparator();
    case_menu->Append(ID_SEAL_NOW, _("&Seal now (ask for timestamps)"));
    case_menu->Append(ID_RENAME_CASE, _("Re&name the case…"),
                      _("Give the case another name; the earlier one stays in the custody log"));

    auto* item_menu = new wxMenu;
    item_menu->Append(ID_ITEM_VIEW, _("&View larger…"),
                      _("The item in a window of its own, with zoom (also a double click or "
                        "Enter on its thumbnail)"));
    item_menu->AppendSeparator();
    item_menu->AppendCheckItem(ID_ITEM_SENSITIVE,
                               _("&Sensitive: never show its picture\tCtrl+Shift+S"),
                               _("For a shocking or intimate picture: Scellé and the report show "
                                 "a grey tile instead"));
    item_menu->Append(ID_ITEM_ACCOUNT, _("Whose &account…"),
                      _("Change the account this item concerns, or say it concerns none"));
    item_menu->Append(ID_EDIT_ACCOUNT, _("&Edit the account…"),
                      _("Complete or correct the account's profile link, display name or "
                        "platform ID, which platforms ask for"));
    item_menu->Append(ID_ITEM_LINK, _("Message &link…"),
                      _("Where this capture or file was seen: the message's link, which "
                        "platforms ask for"));
    item_menu->Append(ID_ITEM_WITHDRAW, _("&Withdraw this item…\tCtrl+Shift+Delete"),
                      _("Delete its file from the case; the custody log keeps its fingerprint "
                        "and your reason"));

    auto* help = new wxMenu;
    help->Append(ID_SAFETY, _("&Safety advice\tF1"));
    help->Append(wxID_ABOUT, _("&About Scellé"));

    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(capture_menu, _("&Capture"));
    bar->Append(case_menu, _("C&ase"));
    bar->Append(item_menu, _("&Item"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);

    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { new_case_flow(); }, ID_NEW_CASE);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { capture(capture::Target::screen, delay_seconds()); },
        ID_CAPTURE_SCREEN);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { start_region_capture(delay_seconds()); },
        ID_CAPTURE_REGION);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent& e) {
            capture(capture::Target::screen, delay_seconds(), e.GetId() - ID_CAPTURE_MONITOR);
        },
        ID_CAPTURE_MONITOR, ID_CAPTURE_MONITOR_LAST);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) { capture(capture::Target::all_screens, delay_seconds()); },
        ID_CAPTURE_ALL_SCREENS);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { capture(capture::Target::window, delay_seconds()); },
        ID_CAPTURE_WINDOW);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { capture_conversation(delay_seconds()); },
        ID_CAPTURE_SCROLL);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { capture_conversation_region(delay_seconds()); },
        ID_CAPTURE_SCROLL_REGION);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { show_search(); }, ID_SEARCH);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { show_suggestions(); }, ID_SUGGESTIONS);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { paste_image(); }, ID_PASTE_IMAGE);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { seal_now(); }, ID_SEAL_NOW);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { toggle_selected_sensitive(); }, ID_ITEM_SENSITIVE);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { withdraw_selected(); }, ID_ITEM_WITHDRAW);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { choose_selected_account(); }, ID_ITEM_ACCOUNT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { rename_case_flow(); }, ID_RENAME_CASE);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_viewer(); }, ID_ITEM_VIEW);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { edit_selected_link(); }, ID_ITEM_LINK);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { edit_account_flow(); }, ID_EDIT_ACCOUNT);
    // A message link is for a live capture or file: a link item's address is the evidence.
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& e) {
            const core::Item* it = selected_item();
            e.Enable(it != nullptr && !it->withdrawn_at && it->kind != "link");
        },
        ID_ITEM_LINK);
    Bind(
        wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(!m_accounts.empty()); },
        ID_EDIT_ACCOUNT);
    Bind(
        wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(selected_item() != nullptr); },
        ID_ITEM_VIEW);
    // Only a live item can be marked or withdrawn; the check follows the selected item.
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& e) {
            const core::Item* it = selected_item();
            e.Enable(it != nullptr && !it->withdrawn_at);
            if (e.GetId() == ID_ITEM_SENSITIVE)
                e.Check(it != nullptr && it->sensitive);
        },
        ID_ITEM_SENSITIVE, ID_ITEM_WITHDRAW);  // ID_ITEM_ACCOUNT lies between them
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (!need_case())
                return;
            ask_and_record_link(/*sensitive=*/false);
        },
        ID_ADD_LINK);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (!need_case())
                return;
            ask_and_record_account();
        },
        ID_ADD_ACCOUNT);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            wxFileDialog dlg(this, _("Choose the files to import"), wxString(), wxString(),
                             _("All files") + wxT(" (*)|*"),
                             wxFD_OPEN | wxFD_MULTIPLE | wxFD_FILE_MUST_EXIST);
            if (!need_case() || dlg.ShowModal() != wxID_OK)
                return;
            wxArrayString names;
            dlg.GetPaths(names);
            std::vector<std::filesystem::path> paths;
            for (const auto& n : names)
                paths.push_back(dlg::file_name_path(n));
            import_paths(std::move(paths));
        },
        ID_IMPORT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { show_notice(); }, ID_NOTICE);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            wxMessageBox(
                _("• Do not answer, and do not pay: they would ask for more.\n"
                  "• Save first, then block the account.\n"
                  "• Talk to an adult you trust, or call the 3018 (free and anonymous, every "
                  "day from 9:00 to 23:00; chat on 3018.fr).\n"
                  "• In immediate danger, call 17 or 112 (text message: 114).\n\n"
                  "Never capture or keep a sexual image of a minor, not even as proof: record "
                  "its link instead (Capture ▸ Add a link)."),
                _("Safety advice"), wxOK | wxICON_INFORMATION, this);
        },
        ID_SAFETY);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            wxAboutDialogInfo info;
            info.SetName(wxT("Scellé"));
            info.SetDescription(
                _("Capture, seal and report what an abusive online account "
                  "shows."));
            wxAboutBox(info, this);
        },
        wxID_ABOUT);
#ifdef SCELLE_HAVE_DIALOGS
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { show_verify_dialog(this, m_settings); }, ID_VERIFY);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (show_settings_dialog(this, m_settings)) {
                notice(
                    _("Settings saved. A new language or store folder is used the next time "
                      "Scellé starts."));
                read_pictures_in_background();
            }
        },
        ID_SETTINGS);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (need_case())
                show_export_dialog(this, m_store, *m_case_id, m_settings);
            reload_items();
        },
        ID_EXPORT);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (need_case())
                show_report_dialog(this, m_store, *m_case_id, m_settings);
            reload_items();
        },
        ID_REPORT);
#else
    for (int id : {ID_VERIFY, ID_SETTINGS, ID_EXPORT, ID_REPORT})
        Bind(
            wxEVT_MENU,
            [this](wxCommandEvent&) {
                notice(_("This part of Scellé is not in this build; use scelle-cli."));
            },
            id);
#endif
}

void MainFrame::build_toolbar() {
    auto* tb = CreateToolBar(wxTB_HORIZONTAL | wxTB_TEXT | wxTB_FLAT | wxTB_NODIVIDER);
    tb->SetName(wxT("toolbar"));
    const wxSize sz = FromDIP(wxSize(32, 32));
    auto add = [&](int id, const wxString& label, const char* theme, const wxArtID& fallback,
                   const wxString& help) {
        tb->AddTool(id, label, icon(theme, fallback, wxART_TOOLBAR, sz), help);
    };
    add(ID_NEW_CASE, _("New case"), "document-new", wxART_NEW, _("Start a new case, step by step"));
    tb->AddSeparator();
    // Its arrow opens the "which screen" menu; the button itself takes the screen under the
    // mouse pointer.
    tb->AddTool(ID_CAPTURE_SCREEN, _("Capture screen"),
                icon("video-display", wxART_FULL_SCREEN, wxART_TOOLBAR, sz), wxBitmapBundle(),
                wxITEM_DROPDOWN, _("Keep a picture of the screen under the mouse pointer"));
    tb->SetDropdownMenu(ID_CAPTURE_SCREEN, new wxMenu);
    tb->Bind(wxEVT_TOOL_DROPDOWN, [this, tb](wxCommandEvent& e) {
        if (e.GetId() == ID_CAPTURE_SCREEN)
            if (wxToolBarToolBase* tool = tb->FindById(ID_CAPTURE_SCREEN))
                fill_screens_menu(tool->GetDropdownMenu());
        e.Skip();
    });
    add(ID_CAPTURE_REGION, _("Capture region"), "edit-select-all", wxART_CUT,
        _("Drag a rectangle around what you want to keep"));
    add(ID_CAPTURE_WINDOW, _("Capture window"), "window-new", wxART_REPORT_VIEW,
        _("Keep a picture of the active window"));
    const wxString delays[] = {_("No delay"), _("Wait 3 s"), _("Wait 5 s"), _("Wait 10 s")};
    m_delay = new wxChoice(tb, ID_DELAY, wxDefaultPosition, wxDefaultSize, 4, delays);
    m_delay->SetSelection(0);
    m_delay->SetToolTip(
        _("Wait before capturing: Scellé hides itself so you can bring the "
          "conversation to the front"));
    m_delay->SetName(wxT("delay"));
    tb->AddControl(m_delay, _("Delay"));
    set_accessible_name(m_delay, _("Delay before capturing"));
    tb->AddSeparator();
    // The safe choice stays in sight. Import, paste and accounts are under "1. Capture" on
    // the case's page and in the Capture menu: a toolbar that holds them all overflows at
    // 200 % and hides its last buttons behind an arrow.
    add(ID_ADD_LINK, _("Add link"), "insert-link", wxART_GO_FORWARD,
        _("Record an address without copying the content (for what must not be kept)"));
    tb->AddStretchableSpace();
    m_activity = new wxActivityIndicator(tb, wxID_ANY);
    tb->AddControl(m_activity);
    tb->Realize();
    // Screen readers say the arrow's name; GTK gives it none.
    set_dropdown_arrow_name(tb, ID_CAPTURE_SCREEN, _("Choose the screen to capture"));
}

wxWindow* MainFrame::build_body(wxWindow* parent) {
    auto* body = new wxPanel(parent);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    const int pad = FromDIP(8);

    auto* left = new wxBoxSizer(wxVERTICAL);
    auto* cases_label = new wxStaticText(body, wxID_ANY, _("Ca&ses"));
    cases_label->SetFont(cases_label->GetFont().Bold());
    left->Add(cases_label, wxSizerFlags().Border(wxBOTTOM, FromDIP(4)));
    m_case_list = new CaseList(body, ID_CASES);
    left->Add(m_case_list, wxSizerFlags(1).Expand());
    auto* new_case = new wxButton(body, ID_NEW_CASE, _("&New case…"));
    new_case->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { new_case_flow(); });
    left->Add(new_case, wxSizerFlags().Expand().Border(wxTOP, FromDIP(6)));
    row->Add(left, wxSizerFlags().Expand().Border(wxALL, pad));
    // The side columns take a share of a small screen (1280×720, or 1920×1080 at 200 %: 960
    // pixels), so that the case's three steps keep their width in the middle.
    const int on = wxDisplay::GetFromWindow(this);
    const int screen_w =
        wxDisplay(on == wxNOT_FOUND ? 0u : static_cast<unsigned>(on)).GetClientArea().width;
    const auto share = [&](double part, int most) {
        return std::clamp(static_cast<int>(screen_w * part), FromDIP(180), FromDIP(most));
    };
    m_case_list->SetMinSize(wxSize(share(0.21, 320), -1));
    label_for(cases_label, m_case_list);

    auto* middle = new wxBoxSizer(wxVERTICAL);
    m_case_heading = new wxStaticText(body, wxID_ANY, wxString());
    m_case_heading->SetName(wxT("case_heading"));
    m_case_heading->SetFont(m_case_heading->GetFont().Bold().Larger());
    middle->Add(m_case_heading, wxSizerFlags().Border(wxBOTTOM, FromDIP(2)));
    m_case_hint = new wxStaticText(body, wxID_ANY, wxString());
    m_case_hint->SetName(wxT("case_hint"));
    middle->Add(m_case_hint, wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));
    m_steps = new CaseSteps(body);
    m_steps->on_capture = [this] { capture_step(); };
    m_steps->on_describe = [this] { describe_step(); };
    m_steps->on_send = [this] { send_step(); };
    m_steps->Hide();
    middle->Add(m_steps, wxSizerFlags().Expand().Border(wxBOTTOM, FromDIP(6)));
    m_item_list = new ItemList(body, ID_ITEMS, m_workers);
    m_item_list->SetMinSize(wxSize(FromDIP(200), FromDIP(100)));
    middle->Add(m_item_list, wxSizerFlags(1).Expand());
    set_accessible_name(m_item_list, _("Items of the case"));
    row->Add(middle, wxSizerFlags(1).Expand().Border(wxTOP | wxBOTTOM, pad));

    m_details = new ItemDetails(body);
    // A small minimum height: on a short screen the pane scrolls instead of being cut.
    m_details->SetMinSize(wxSize(share(0.23, 400), FromDIP(120)));
    row->Add(m_details, wxSizerFlags().Expand().Border(wxALL, pad));
    body->SetSizer(row);
    body->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] { wrap_case_texts(); });
    });
    return body;
}

int MainFrame::delay_seconds() const {
    static constexpr int kDelays[] = {0, 3, 5, 10};
    const int sel = m_delay ? m_delay->GetSelection() : 0;
    return sel >= 0 && sel < 4 ? kDelays[sel] : 0;
}

void MainFrame::notice(const wxString& text, int flags) {
    m_last_notice = text;
    m_info->ShowMessage(text, flags);
}

wxString MainFrame::status_line() const {
    return GetStatusBar() ? GetStatusBar()->GetStatusText(0) : wxString();
}

void MainFrame::update_status() {
    if (!m_case_id) {
        SetStatusText(_("No case open. Start with “New case”."), 0);
        return;
    }
    SetStatusText(status_text(count_items(m_items)), 0);
}

void MainFrame::begin_op(const wxString& what) {
    ++m_ops;
    SetStatusText(what, 1);
    m_activity->Start();
}

void MainFrame::end_op() {
    if (m_ops > 0)
        --m_ops;
    if (m_ops == 0) {
        m_activity->Stop();
        SetStatusText(wxString(), 1);
        if (m_quit_when_done && m_saving == 0)
            Close();
    }
}

bool MainFrame::need_case() {
    if (m_case_id)
        return true;
    notice(_("First create a case with “New case”, then add your evidence to it."), wxICON_WARNING);
    return false;
}

void MainFrame::reload_cases(const std::optional<std::string>& select) {
    auto cases = m_store.list_cases();
    if (!cases.ok()) {
        notice(error_sentence(cases.error()), wxICON_WARNING);
        return;
    }
    m_case_list->show(*cases, select ? select : m_case_id);
}

void MainFrame::open_case(const std::string& id) {
    m_case_id = id;
    set_reading_status(wxString());
    m_item_list->clear_items();
    m_details->clear();
    m_case_list->select_id(id);
    reload_items();
    check_case_writable();
    // Opening a case asks again for what it still has to seal (the computer may be online
    // now), and reads what was not read yet (pictures added by scelle-cli, by an earlier
    // version, or while the reading was switched off).
    if (has_unsealed())
        CallAfter([this] { seal_in_background(true); });
    CallAfter([this] { read_pictures_in_background(); });
}

bool MainFrame::has_unsealed() const {
    const StatusCounts c = count_items(m_items);
    return c.pending + c.offline + c.failed > 0;
}

void MainFrame::set_retry_interval(std::chrono::milliseconds interval) {
    m_retry_timer.Start(static_cast<int>(interval.count()));
}

void MainFrame::reload_items() {
    if (!m_case_id) {
        m_steps->Hide();
        set_case_texts(_("No case open"),
                       _("Start with “New case”: four short questions, then capture."));
        update_status();
        return;
    }
    auto cs = m_store.open_case(*m_case_id, core::Access::read_only);
    if (!cs.ok()) {
        notice(error_sentence(cs.error()), wxICON_WARNING);
        return;
    }
    auto items = (*cs)->items();
    auto accounts = (*cs)->accounts();
    if (!items.ok() || !accounts.ok()) {
        notice(error_sentence(items.ok() ? accounts.error() : items.error()), wxICON_WARNING);
        return;
    }
    m_items = std::move(items).value();
    m_accounts = std::move(accounts).value();
    // The checklist reads the log; a log that cannot be read leaves the "report" line empty.
    auto lines = (*cs)->log_lines();
    m_steps->show(ready_to_send(m_items, lines.ok() ? *lines : std::vector<std::string>{}));
    m_steps->Show();
    const auto& info = (*cs)->info();
    // TRANSLATORS: the case's name, then whom it is for ("to report to Pharos").
    set_case_texts(
        wxString::Format(_("%s — %s"), shown_text(info.title), destination_text(info.destination)),
        m_items.empty()
            ? _("Nothing here yet. Capture the screen, or drop files (phone screenshots) here.")
            : _("Drop files here to import them. Choose an item to see and describe it."));
    core::CaseStore* store = cs->get();
    m_item_list->show(m_items, [store](const std::string& sha) { return store->object_path(sha); });
    // An open viewer shows the items as they are now (one just marked sensitive is hidden).
    if (m_viewer)
        m_viewer->set_items(m_items, originals_of(m_items, *store));
    // The case list's item count follows.
    for (long row = 0; row < m_case_list->GetItemCount(); ++row)
        if (m_case_list->cases()[static_cast<std::size_t>(m_case_list->GetItemData(row))].id ==
            *m_case_id)
            m_case_list->SetItem(row, 2, wxString::Format(wxT("%zu"), m_items.size()));
    // Something is always shown on the right when the case has items.
    if (!m_item_list->selected_seq() && !m_items.empty())
        m_item_list->select_seq(m_items.front().seq);
    show_selected_item();
    update_status();
}

void MainFrame::set_case_texts(const wxString& heading, const wxString& hint) {
    m_case_heading_text = heading;
    m_case_hint_text = hint;
    m_case_texts_width = -1;
    wrap_case_texts();
}

void MainFrame::wrap_case_texts() {
    // Wrapped to the thumbnails' width, so that a narrow window (a laptop at 200 %) shows
    // the whole sentence on several lines instead of cutting it.
    // A short window (a laptop at 200 %) leaves out the lines under the steps and the hint,
    // so that at least a row of thumbnails shows whole.
    const int height = m_case_heading->GetParent()->GetClientSize().y;
    const bool compact = height > 0 && height < FromDIP(520);
    const bool hint = !(compact && m_steps->IsShown());
    if (compact != m_steps->compact() || hint != m_case_hint->IsShown()) {
        m_steps->set_compact(compact);
        m_case_hint->Show(hint);
        m_case_texts_width = -1;
    }
    const int width = m_item_list->GetSize().x > 0 ? m_item_list->GetSize().x : FromDIP(500);
    if (width == m_case_texts_width)
        return;
    m_case_texts_width = width;
    m_case_heading->SetLabelText(m_case_heading_text);
    m_case_heading->Wrap(width);
    m_case_hint->SetLabelText(m_case_hint_text);
    m_case_hint->Wrap(width);
    m_case_heading->GetParent()->Layout();
}

void MainFrame::show_selected_item() {
    const auto seq = m_item_list->selected_seq();
    if (!seq) {
        m_details->clear();
        return;
    }
    for (const auto& it : m_items)
        if (it.seq == *seq) {
            m_details->show(it, m_accounts);
            return;
        }
    m_details->clear();
}

const core::Item* MainFrame::selected_item() const {
    const auto seq = m_item_list->selected_seq();
    if (!seq)
        return nullptr;
    for (const auto& it : m_items)
        if (it.seq == *seq)
            return &it;
    return nullptr;
}

void MainFrame::capture_step() {
    if (!need_case())
        return;
    wxMenu menu;
    menu.Append(ID_CAPTURE_SCREEN, _("Capture the &screen"));
    menu.Append(ID_CAPTURE_REGION, _("Capture a &region"));
    menu.Append(ID_CAPTURE_WINDOW, _("Capture the active &window"));
    menu.Append(ID_CAPTURE_SCROLL, _("Capture a long &conversation…"));
    menu.Append(ID_CAPTURE_SCROLL_REGION, _("Capture a long conversation &in a region…"));
    menu.AppendSeparator();
    menu.Append(ID_IMPORT, _("&Import files (phone screenshots)…"));
    menu.Append(ID_PASTE_IMAGE, _("&Paste an image"));
    menu.Append(ID_ADD_LINK, _("Add a &link (for what must not be kept)…"));
    menu.AppendSeparator();
    menu.Append(ID_ADD_ACCOUNT, _("Add the &account that did it…"));
    wxButton* b = m_steps->capture_button();
    PopupMenu(&menu, ScreenToClient(b->ClientToScreen(wxPoint(0, b->GetSize().y))));
}

void MainFrame::describe_step() {
    if (!need_case())
        return;
    const core::Item* next = nullptr;
    for (const auto& it : m_items)
        if (!it.withdrawn_at && (!it.description || it.description->empty())) {
            next = &it;
            break;
        }
    if (!next && !m_items.empty())
        next = selected_item() ? selected_item() : &m_items.front();
    if (!next) {
        notice(_("Nothing to describe yet: capture or import something first (step 1)."));
        return;
    }
    m_item_list->select_seq(next->seq);
    show_selected_item();
    m_details->focus_description();
}

void MainFrame::send_step() {
    if (!need_case())
        return;
    wxCommandEvent e(wxEVT_MENU, ID_EXPORT);
    ProcessWindowEvent(e);
}

wxMenu* MainFrame::make_item_menu() {
    auto* menu = new wxMenu;
    const core::Item* it = selected_item();
    const bool live = it != nullptr && !it->withdrawn_at;
    menu->Append(ID_ITEM_VIEW, _("&View larger…"))->Enable(it != nullptr);
    menu->AppendSeparator();
    menu->AppendCheckItem(ID_ITEM_SENSITIVE, _("&Sensitive: never show its picture"))
        ->Check(it != nullptr && it->sensitive);
    menu->Enable(ID_ITEM_SENSITIVE, live);
    menu->Append(ID_ITEM_ACCOUNT, _("Whose &account…"))->Enable(live);
    menu->Append(ID_EDIT_ACCOUNT, _("&Edit the account…"))->Enable(!m_accounts.empty());
    menu->Append(ID_ITEM_LINK, _("Message &link…"))->Enable(live && it->kind != "link");
    menu->Append(ID_ITEM_WITHDRAW, _("&Withdraw this item…"))->Enable(live);
    return menu;
}

ItemViewer* MainFrame::open_viewer() {
    const core::Item* it = selected_item();
    if (it == nullptr || !m_case_id)
        return nullptr;
    auto cs = m_store.open_case(*m_case_id, core::Access::read_only);
    if (!cs.ok()) {
        notice(error_sentence(cs.error()), wxICON_WARNING);
        return nullptr;
    }
    std::size_t index = 0;
    for (std::size_t i = 0; i < m_items.size(); ++i)
        if (m_items[i].seq == it->seq)
            index = i;
    if (m_viewer) {
        m_viewer->set_items(m_items, originals_of(m_items, **cs));
        m_viewer->show_index(index);
    } else {
        m_viewer =
            new ItemViewer(this, this, m_workers, m_items, originals_of(m_items, **cs), index);
        // The grid follows the viewer: the Item menu acts on the item it shows.
        m_viewer->on_shown = [this](std::int64_t seq) { m_item_list->select_seq(seq); };
    }
    m_viewer->Show();
    m_viewer->Raise();
    return m_viewer.get();
}

void MainFrame::on_case_selected(wxListEvent& e) {
    const auto id = m_case_list->selected_id();
    if (id && id != m_case_id)
        open_case(*id);
    e.Skip();
}

void MainFrame::on_item_selected(wxListEvent& e) {
    show_selected_item();
    e.Skip();
}

void MainFrame::on_close(wxCloseEvent& e) {
    if (m_saving > 0 && e.CanVeto()) {
        const int answer = wxMessageBox(
            _("Scellé is still saving your evidence. Close the window as soon as it is done?"),
            _("Still saving"), wxYES_NO | wxICON_QUESTION, this);
        m_quit_when_done = answer == wxYES;
        e.Veto();
        return;
    }
    if (!m_unsaved.empty() && e.CanVeto()) {
        const int n = static_cast<int>(m_unsaved.size());
        wxMessageDialog ask(
            this,
            wxString::Format(wxPLURAL("%d capture could not be kept in the case. If you close "
                                      "Scellé now, it is lost. Save it in another folder first?",
                                      "%d captures could not be kept in the case. If you close "
                                      "Scellé now, they are lost. Save them in another folder "
                                      "first?",
                                      n),
                             n),
            _("Captures not kept"), wxYES_NO | wxCANCEL | wxICON_WARNING);
        ask.SetYesNoCancelLabels(_("Save them first"), _("Close and lose them"), _("Cancel"));
        const int answer = ask.ShowModal();
        if (answer == wxID_CANCEL || answer == wxID_YES) {
            if (answer == wxID_YES)
                ask_and_save_unsaved();
            e.Veto();
            return;
        }
    }
    if (m_overlay)
        m_overlay->Close();
    Destroy();
}

}  // namespace scelle::gui
