// MainFrame: the identifiers platforms ask for, completed after recording — an item's message
// link (Item ▸ Message link…) and an account's profile link, display name and platform ID
// (Item ▸ Edit the account…), also reached from the notice dialog's "Fill in" button. Each
// change is a custody line, written by the store (CaseStore::set_item_url, update_account).
#include <wx/choicdlg.h>
#include <wx/intl.h>

#include "account_dialog.h"
#include "display_text.h"
#include "error_text.h"
#include "item_link_dialog.h"
#include "main_frame.h"

namespace scelle::gui {

bool MainFrame::set_item_url(std::int64_t seq, const std::optional<std::string>& url,
                             wxString* problem) {
    if (!m_case_id)
        return false;
    bool changed = false;
    if (!change_case(
            [&](core::CaseStore& c) -> Result<void> {
                SCELLE_ASSIGN_OR_RETURN(changed, c.set_item_url(seq, url));
                return {};
            },
            problem))
        return false;
    if (!changed) {
        notice(_("This item already has this link; nothing was changed."));
        return true;
    }
    notice(url ? _("Message link saved. The earlier link, if any, stays in the custody log.")
               : _("This item no longer has a link. The earlier link stays in the custody log."));
    reload_items();
    seal_in_background();
    return true;
}

bool MainFrame::update_account(std::int64_t id, const core::AccountUpdate& update,
                               wxString* problem) {
    if (!m_case_id)
        return false;
    std::pair<core::Account, bool> done;
    if (!change_case(
            [&](core::CaseStore& c) -> Result<void> {
                SCELLE_ASSIGN_OR_RETURN(done, c.update_account(id, update));
                return {};
            },
            problem))
        return false;
    const auto& [acc, changed] = done;
    // TRANSLATORS: the account's handle, then its platform.
    notice(changed ? wxString::Format(_("Account %s on %s saved. The earlier details stay in the "
                                        "custody log."),
                                      shown_text(acc.handle), shown_text(acc.platform))
                   : wxString::Format(_("Account %s on %s already had these details; nothing was "
                                        "changed."),
                                      shown_text(acc.handle), shown_text(acc.platform)));
    if (changed) {
        reload_items();
        seal_in_background();
    }
    return true;
}

bool MainFrame::edit_item_link(std::int64_t seq) {
    const core::Item* found = nullptr;
    for (const auto& it : m_items)
        if (it.seq == seq)
            found = &it;
    if (found == nullptr || found->withdrawn_at || found->kind == "link")
        return false;
    ItemLinkDialog dlg(this, *found);
    const std::optional<std::string> before = found->url;
    while (dlg.ShowModal() == wxID_OK) {
        if (dlg.url() == before)
            return false;  // nothing to record
        wxString problem;
        if (set_item_url(seq, dlg.url(), &problem))
            return true;
        dlg.show_problem(problem);
    }
    return false;
}

void MainFrame::edit_selected_link() {
    if (const core::Item* it = selected_item())
        edit_item_link(it->seq);
}

bool MainFrame::edit_account(std::int64_t id) {
    const core::Account* found = nullptr;
    for (const auto& a : m_accounts)
        if (a.id == id)
            found = &a;
    if (found == nullptr)
        return false;
    AccountDialog dlg(this, *found);
    while (dlg.ShowModal() == wxID_OK) {
        const core::AccountUpdate u = dlg.update();
        if (!u.url && !u.display_name && !u.platform_id)
            return false;  // nothing was changed in the dialog
        wxString problem;
        if (update_account(id, u, &problem))
            return true;
        dlg.show_problem(problem);
    }
    return false;
}

void MainFrame::edit_account_flow() {
    if (!need_case())
        return;
    if (m_accounts.empty()) {
        notice(_("This case has no account yet: add one with “Add account” first."),
               wxICON_INFORMATION);
        return;
    }
    // The selected item's account first: the one a person looking at a message means.
    if (const core::Item* it = selected_item(); it != nullptr && it->account_id) {
        edit_account(*it->account_id);
        return;
    }
    if (m_accounts.size() == 1) {
        edit_account(m_accounts.front().id);
        return;
    }
    wxArrayString choices;
    for (const auto& a : m_accounts)
        choices.Add(wxString::Format(_("%s on %s"), shown_text(a.handle), shown_text(a.platform)));
    wxSingleChoiceDialog dlg(this, _("Which account do you want to complete or correct?"),
                             _("Edit the account"), choices);
    dlg.SetName(wxT("choose-account"));
    if (dlg.ShowModal() != wxID_OK || dlg.GetSelection() < 0)
        return;
    edit_account(m_accounts[static_cast<std::size_t>(dlg.GetSelection())].id);
}

bool MainFrame::fill_missing(const core::MissingIdentifier& missing,
                             std::vector<core::Account>& accounts, std::vector<core::Item>& items) {
    using What = core::MissingIdentifier::What;
    const bool changed = missing.what == What::message_link
                             ? missing.item_seq && edit_item_link(*missing.item_seq)
                             : missing.account_id && edit_account(*missing.account_id);
    if (!changed)
        return false;
    // What the case holds now (reload_items read it after the change).
    accounts = m_accounts;
    items = m_items;
    return true;
}

}  // namespace scelle::gui
