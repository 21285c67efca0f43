// Command ids shared by the main window's menus, toolbar and handlers.
#pragma once

#include <wx/defs.h>

namespace scelle::gui {

enum CommandId {
    ID_NEW_CASE = wxID_HIGHEST + 1,
    ID_IMPORT,
    ID_VERIFY,
    ID_SETTINGS,
    ID_CAPTURE_SCREEN,
    ID_CAPTURE_REGION,
    ID_CAPTURE_WINDOW,
    ID_PASTE_IMAGE,
    ID_ADD_LINK,
    ID_ADD_ACCOUNT,
    ID_EXPORT,
    ID_REPORT,
    ID_SEAL_NOW,
    ID_SAFETY,
    ID_CASES,
    ID_ITEMS,
    ID_DELAY,
    ID_CAPTURE_ALL_SCREENS,
    ID_CAPTURE_SCROLL,
    ID_CAPTURE_SCROLL_REGION,
    ID_SEARCH,
    ID_ITEM_SENSITIVE,
    ID_ITEM_ACCOUNT,  // between the two: the Item menu's UPDATE_UI range covers all three
    ID_ITEM_WITHDRAW,
    ID_RENAME_CASE,
    ID_ITEM_VIEW,
    ID_NOTICE,
    ID_ITEM_LINK,
    ID_EDIT_ACCOUNT,
    ID_SUGGESTIONS,
    // One id per monitor in the "which screen" menus: ID_CAPTURE_MONITOR + index.
    ID_CAPTURE_MONITOR,
    ID_CAPTURE_MONITOR_LAST = ID_CAPTURE_MONITOR + 15,
};

}  // namespace scelle::gui
