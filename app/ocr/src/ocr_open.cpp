// open_engine(): loads the OCR module on first use (ocr_module.h).
#include <cstdlib>

#include "ocr_module.h"
#include "scelle/base/program.h"

#ifndef SCELLE_OCR_MODULE_FILE
#define SCELLE_OCR_MODULE_FILE "scelle-ocr.so"
#endif
#ifndef SCELLE_INSTALL_MODULEDIR
#define SCELLE_INSTALL_MODULEDIR ""
#endif

namespace scelle::ocr {

namespace {

Result<const detail::OcrModule*> load_ocr_module() {
    // Tesseract parallelises inside one image with OpenMP; Scellé runs one engine per core
    // instead (transcribe.h), so each engine keeps to its thread. libgomp reads this when it
    // is loaded, with the module: set before, unless the person set it.
    if (std::getenv("OMP_THREAD_LIMIT") == nullptr) {
        static char limit[] = "OMP_THREAD_LIMIT=1";
        putenv(limit);
    }
    SCELLE_ASSIGN_OR_RETURN(const ModuleHeader* header,
                            load_module(SCELLE_OCR_MODULE_FILE, detail::kOcrModuleEntry,
                                        detail::kOcrModuleAbi, SCELLE_INSTALL_MODULEDIR));
    return reinterpret_cast<const detail::OcrModule*>(header);
}

}  // namespace

bool available() {
#ifdef SCELLE_OCR
    return true;
#else
    return false;
#endif
}

Result<std::unique_ptr<Engine>> open_engine(const std::string& languages) {
    if (!available())
        return make_error(Errc::install_incomplete, SCELLE_OCR_MODULE_FILE,
                          "this build has no OCR engine");
    // Loaded once per process, thread-safely; a failure is kept too (nothing would change it).
    static const Result<const detail::OcrModule*> module = load_ocr_module();
    if (!module.ok())
        return module.error();
    return (*module)->open_engine(languages);
}

}  // namespace scelle::ocr
