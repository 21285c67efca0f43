// The one symbol the OCR module exports (ocr_module.h).
#include "ocr_module.h"
#include "scelle/base/version.h"

namespace {

const scelle::ocr::detail::OcrModule k_module{
    {scelle::ocr::detail::kOcrModuleAbi, scelle::kVersion},
    &scelle::ocr::detail::open_tesseract_engine};

}  // namespace

SCELLE_MODULE_ENTRY const scelle::ocr::detail::OcrModule* scelle_ocr_module() {
    return &k_module;
}
