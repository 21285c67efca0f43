// The OCR engine as a loadable module (scelle-ocr.so): Tesseract, Leptonica and the libraries
// they bring are loaded by the first transcript, not at every start of the programs (the same
// shape as the PDF writer: app/report/src/pdf_writer_module.h). The module exports one symbol,
// kOcrModuleEntry, returning the OcrModule below; open_engine() (ocr_open.cpp) loads it with
// load_module() (scelle/base/program.h), which checks that it comes from the same build.
#pragma once

#include <memory>
#include <string>

#include "scelle/base/program.h"
#include "scelle/base/result.h"
#include "scelle/ocr/ocr.h"

namespace scelle::ocr::detail {

// Raised whenever OcrModule or the Engine interface changes.
inline constexpr int kOcrModuleAbi = 1;
inline constexpr const char* kOcrModuleEntry = "scelle_ocr_module";

using OpenEngineFn = Result<std::unique_ptr<Engine>> (*)(const std::string& languages);

struct OcrModule {
    ModuleHeader header;  // kOcrModuleAbi, the build's version
    OpenEngineFn open_engine;
};

// The Tesseract engine itself; defined in the module only.
Result<std::unique_ptr<Engine>> open_tesseract_engine(const std::string& languages);

}  // namespace scelle::ocr::detail
