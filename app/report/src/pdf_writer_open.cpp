// open_writer(): loads the PDF writer module on first use (pdf_writer_module.h).
#include "pdf_writer_module.h"
#include "scelle/base/program.h"

namespace scelle::core::pdf {

namespace {

Result<const detail::WriterModule*> load_writer_module() {
    SCELLE_ASSIGN_OR_RETURN(const ModuleHeader* header,
                            load_module(SCELLE_PDF_MODULE_FILE, detail::kWriterModuleEntry,
                                        detail::kWriterModuleAbi, SCELLE_INSTALL_MODULEDIR));
    return reinterpret_cast<const detail::WriterModule*>(header);
}

}  // namespace

Result<std::unique_ptr<Writer>> open_writer(const std::filesystem::path& out,
                                            const FontFiles& fonts, const DocInfo& info, Env& env) {
    // Loaded once per process, thread-safely; a failure is kept too (nothing would change it).
    static const Result<const detail::WriterModule*> module = load_writer_module();
    if (!module.ok())
        return module.error();
    return (*module)->open_writer(out, fonts, info, env);
}

}  // namespace scelle::core::pdf
