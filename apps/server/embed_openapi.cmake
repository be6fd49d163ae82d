# cmake -DINPUT=openapi.json -DOUTPUT=openapi_embedded.cc -P embed_openapi.cmake
file(READ "${INPUT}" content)
file(WRITE "${OUTPUT}.tmp" "#include \"apps/server/openapi.h\"\nnamespace nhood::server {\nstd::string_view OrukOpenApiJson() {\n  static constexpr std::string_view kJson = R\"nhood(${content})nhood\";\n  return kJson;\n}\n}  // namespace nhood::server\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
