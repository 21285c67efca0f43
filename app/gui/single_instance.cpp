// One Scellé per user: see single_instance.h.
#include "single_instance.h"

#include <wx/app.h>
#include <wx/filefn.h>
#include <wx/filename.h>
#include <wx/ipc.h>
#include <wx/snglinst.h>
#include <wx/utils.h>

namespace scelle::gui {

namespace {

const wxString kTopic = wxT("scelle");
const wxString kRaise = wxT("raise");

class RaiseConnection : public wxConnection {
  public:
    explicit RaiseConnection(std::function<void()> raise) : m_raise(std::move(raise)) {}
    bool OnExec(const wxString& topic, const wxString& data) override {
        if (topic != kTopic || data != kRaise)
            return false;
        // After the answer has gone back: the second start is not kept waiting.
        if (wxTheApp != nullptr)
            wxTheApp->CallAfter(m_raise);
        return true;
    }

  private:
    std::function<void()> m_raise;
};

class RaiseServer : public wxServer {
  public:
    explicit RaiseServer(std::function<void()> raise) : m_raise(std::move(raise)) {}
    wxConnectionBase* OnAcceptConnection(const wxString& topic) override {
        if (topic != kTopic)
            return nullptr;
        return new RaiseConnection(m_raise);
    }

  private:
    std::function<void()> m_raise;
};

}  // namespace

struct SingleInstance::Impl {
    wxString dir;
    wxSingleInstanceChecker checker;
    std::unique_ptr<RaiseServer> server;
};

SingleInstance::SingleInstance(const wxString& dir) : m(std::make_unique<Impl>()) {
    m->dir = dir;
}

SingleInstance::~SingleInstance() = default;

wxString SingleInstance::default_dir() {
    wxString runtime;
    if (wxGetEnv(wxT("XDG_RUNTIME_DIR"), &runtime) && !runtime.empty() && wxDirExists(runtime))
        return runtime + wxT("/scelle");
    return wxGetHomeDir() + wxT("/.local/state/scelle");
}

bool SingleInstance::claim(std::function<void()> raise) {
    // Owner-only: nobody else may ask this Scellé anything, nor read its lock.
    if (!wxDirExists(m->dir))
        wxFileName::Mkdir(m->dir, 0700, wxPATH_MKDIR_FULL);
    const wxString user = wxGetUserId();
    const wxString socket = m->dir + wxT("/scelle-") + user + wxT(".socket");
    if (!m->checker.Create(wxT("scelle-") + user + wxT(".lock"), m->dir))
        return true;  // no lock can be taken: run, as before there was one
    if (m->checker.IsAnotherRunning()) {
        wxClient client;
        std::unique_ptr<wxConnectionBase> conn(
            client.MakeConnection(wxT("localhost"), socket, kTopic));
        if (conn) {
            const bool answered = conn->Execute(kRaise);
            conn->Disconnect();
            if (answered)
                return false;
        }
        // Locked, but nobody answered: run all the same (see the header).
        return true;
    }
    // The first: a socket left by a Scellé that crashed is in the way of the new one.
    if (wxFileExists(socket))
        wxRemoveFile(socket);
    m->server = std::make_unique<RaiseServer>(std::move(raise));
    if (!m->server->Create(socket))
        m->server.reset();  // a second start will then open a second window
    return true;
}

}  // namespace scelle::gui
