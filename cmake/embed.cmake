# Writes a C++ source that holds the bytes of INPUT as a function returning a
# std::string_view: `cmake -DINPUT=f -DOUTPUT=f.cc -DNAME=Fn -P embed.cmake`.
# Used to compile trained models into the binary (metrics/models/).
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${hex}")
# Break the literal into lines of 64 bytes (adjacent literals concatenate).
string(REGEX REPLACE "((\\\\x[0-9a-f][0-9a-f]){64})" "\\1\"\n\"" escaped "${escaped}")
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by cmake/embed.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace micrometrics::metrics {\n"
  "std::string_view ${NAME}() {\n"
  "  static constexpr char kBytes[] =\n\"${escaped}\";\n"
  "  return {kBytes, ${size}};\n"
  "}\n"
  "}  // namespace micrometrics::metrics\n")
