# Installed files besides the programs, and CPack (to be written).
