// The one symbol the PDF writer module exports (pdf_writer_module.h).
#include "pdf_writer_module.h"
#include "scelle/base/version.h"

namespace {

const scelle::core::pdf::detail::WriterModule k_module{
    {scelle::core::pdf::detail::kWriterModuleAbi, scelle::kVersion},
    &scelle::core::pdf::detail::open_podofo_writer};

}  // namespace

SCELLE_MODULE_ENTRY const scelle::core::pdf::detail::WriterModule* scelle_pdf_writer_module() {
    return &k_module;
}
