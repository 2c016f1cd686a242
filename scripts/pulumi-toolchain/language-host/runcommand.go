package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// runScriptRelPath is the SDK entry point that loads a program (and ts-node for index.ts) and
// connects it to the resource monitor; the official host runs the same script.
var runScriptRelPath = filepath.Join("node_modules", "@pulumi", "pulumi", "cmd", "run")

// runCommand is a fully decided `node` invocation.
type runCommand struct {
	Args []string // argv after the node executable
	Env  []string // additions to the host's environment
	Dir  string
}

// programDirectory is where the program's package.json lives: the engine's ProgramInfo when
// present, else the working directory it asked for.
func programDirectory(req *pulumirpc.RunRequest) string {
	if info := req.GetInfo(); info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	return req.GetPwd()
}

// findRunScript looks for the SDK's run script from dir upwards, like Node's own module lookup,
// so a program whose node_modules is a symlink or lives in a parent folder still runs.
func findRunScript(dir string, exists func(string) bool) (string, error) {
	if override := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); override != "" {
		return override, nil
	}
	start := dir
	for {
		candidate := filepath.Join(dir, runScriptRelPath)
		if exists(filepath.Join(candidate, "index.js")) {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("the Pulumi Node.js SDK was not found: no %s in %q or any parent folder; "+
				"run `npm install` (or `npm ci`) in the program folder first", runScriptRelPath, start)
		}
		dir = parent
	}
}

// buildRunCommand turns a RunRequest into the `node` command line the SDK's run script expects
// (flags read by @pulumi/pulumi/cmd/run/index.js, config in PULUMI_CONFIG as a JSON object).
func buildRunCommand(req *pulumirpc.RunRequest, host hostArgs, runScript string) (runCommand, error) {
	opts := req.GetInfo().GetOptions().AsMap()

	var args []string
	if nodeArgs, ok := opts["nodeargs"].(string); ok && strings.TrimSpace(nodeArgs) != "" {
		args = append(args, strings.Fields(nodeArgs)...)
	}
	args = append(args, runScript)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", host.EngineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	dir := programDirectory(req)
	flag("pwd", dir)
	flag("root-directory", req.GetInfo().GetRootDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		flag("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	flag("tracing", host.Tracing)

	program := req.GetInfo().GetEntryPoint()
	if program == "" {
		program = req.GetProgram()
	}
	if program == "" {
		// "." makes the run script honour package.json "main", as `pulumi up` users expect.
		program = "."
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return runCommand{}, fmt.Errorf("could not encode the stack configuration: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return runCommand{}, fmt.Errorf("could not encode the secret configuration keys: %w", err)
	}

	typescript := true
	if v, ok := opts["typescript"].(bool); ok {
		typescript = v
	}
	env := []string{
		"PULUMI_CONFIG=" + string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeysJSON),
		"PULUMI_NODEJS_TYPESCRIPT=" + strconv.FormatBool(typescript),
	}
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	return runCommand{Args: args, Env: env, Dir: dir}, nil
}
