// One Scellé per user: a second start asks the running one to bring its window to the front,
// then exits, so that a parent who clicks the icon again does not end up with two windows on
// the same cases.
//
// A lock file (wxSingleInstanceChecker, which removes the lock of a process that no longer
// runs) says whether another Scellé runs; a local socket beside it (wxServer/wxClient over a
// Unix socket, owner-only) carries the one request, "raise". When the lock is held but nobody
// answers on the socket (a Scellé that hangs, or a lock left after a crash whose process id was
// reused), this start goes on as if it were the first: two windows are better than none.
//
// GUI thread only. The object must live as long as the application (it holds the lock and
// the server).
#pragma once

#include <functional>
#include <memory>

#include <wx/string.h>

namespace scelle::gui {

class SingleInstance {
  public:
    // `dir`: the folder for the lock and the socket (the user's own; created if missing).
    explicit SingleInstance(const wxString& dir);
    ~SingleInstance();
    SingleInstance(const SingleInstance&) = delete;
    SingleInstance& operator=(const SingleInstance&) = delete;

    // True when this process is to run (it is the first, or the other did not answer): from
    // then on, a later start calls `raise` on this GUI thread. False when the running Scellé
    // has been asked to come to the front: this process should exit.
    bool claim(std::function<void()> raise);

    // The folder used by default: $XDG_RUNTIME_DIR/scelle when set, else ~/.local/state/scelle.
    static wxString default_dir();

  private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace scelle::gui
