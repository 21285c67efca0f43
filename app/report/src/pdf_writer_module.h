// The PDF writer as a loadable module (scelle-pdf.so, scelle-pdf.dll): PoDoFo and the twenty
// libraries it brings are loaded on the first report, not at every start of the programs
// (docs/performance.md, "Start-up"). The module holds the PoDoFo writer (pdf_writer_podofo.cpp,
// pdf_writer_faces.cpp, pdf_writer_support.cpp) and exports one symbol, kWriterModuleEntry,
// a function returning the WriterModule below. open_writer() (pdf_writer_open.cpp) loads it
// with load_module() (scelle/base/program.h), which checks that it comes from the same build.
#pragma once

#include <filesystem>
#include <memory>

#include "scelle/base/program.h"
#include "scelle/base/result.h"
#include "scelle/report/pdf_writer.h"

namespace scelle::core::pdf::detail {

// Raised whenever WriterModule or the Writer interface changes.
inline constexpr int kWriterModuleAbi = 2;
inline constexpr const char* kWriterModuleEntry = "scelle_pdf_writer_module";

using OpenWriterFn = Result<std::unique_ptr<Writer>> (*)(const std::filesystem::path& out,
                                                         const FontFiles& fonts,
                                                         const DocInfo& info, Env& env);

struct WriterModule {
    ModuleHeader header;  // kWriterModuleAbi, the build's version
    OpenWriterFn open_writer;
};

// The PoDoFo writer itself; defined in the module only.
Result<std::unique_ptr<Writer>> open_podofo_writer(const std::filesystem::path& out,
                                                   const FontFiles& fonts, const DocInfo& info,
                                                   Env& env);

}  // namespace scelle::core::pdf::detail
