package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// exitCodeAlreadyReported is the run script's exit code after it has shown the user an
// actionable error (see @pulumi/pulumi/cmd/run/index.js); the engine must not add another one.
const exitCodeAlreadyReported = 32

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu       sync.Mutex
	args     hostArgs
	programs map[*exec.Cmd]struct{}
}

func newNodeHost(args hostArgs) *nodeHost {
	return &nodeHost{args: args, programs: map[*exec.Cmd]struct{}{}}
}

// killPrograms stops every program still running, for when the engine has gone away.
func (h *nodeHost) killPrograms() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.programs {
		if cmd.Process != nil {
			_ = cmd.Process.Kill()
		}
	}
}

func (h *nodeHost) track(cmd *exec.Cmd, running bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if running {
		h.programs[cmd] = struct{}{}
	} else {
		delete(h.programs, cmd)
	}
}

func (h *nodeHost) currentArgs() hostArgs {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.args
}

func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.mu.Lock()
		h.args.EngineAddress = req.GetEngineAddress()
		h.mu.Unlock()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPlugins and GetRequiredPackages report nothing: the only provider this project's
// programs use is the bundled dynamic provider, and listing every @pulumi/* package found in
// node_modules would make the engine try to download provider plugins from the internet.
func (h *nodeHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *nodeHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *nodeHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	nodePath, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find `node` on PATH; install Node.js >= 22 " +
			"(scripts/with-node puts one first on PATH)"}, nil
	}
	runScript, err := findRunScript(programDirectory(req), fileExists)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	command, err := buildRunCommand(req, h.currentArgs(), runScript)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, nodePath, command.Args...)
	cmd.Dir = command.Dir
	cmd.Env = append(os.Environ(), command.Env...)
	// The engine turns the host's stdout/stderr lines into the program's console output.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err = cmd.Start(); err == nil {
		h.track(cmd, true)
		err = cmd.Wait()
		h.track(cmd, false)
	}
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if status, ok := exitErr.Sys().(syscall.WaitStatus); ok && status.Signaled() {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf(
				"the Node.js program was killed by signal %v", status.Signal())}, nil
		}
		if exitErr.ExitCode() == exitCodeAlreadyReported {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"the Node.js program exited with code %d; its output above says why", exitErr.ExitCode())}, nil
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start %s: %v", nodePath, err)}, nil
}

// InstallDependencies runs `npm install` unless the SDK is already reachable, so `pulumi install`
// on a workspace prepared by `npm ci` does not touch the network.
func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := req.GetDirectory()
	if dir == "" {
		dir = req.GetInfo().GetProgramDirectory()
	}
	if _, err := findRunScript(dir, fileExists); err == nil {
		return stream.Send(&pulumirpc.InstallDependenciesResponse{
			Stdout: []byte("Node.js dependencies are already installed.\n"),
		})
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("could not find `npm` on PATH to install the dependencies of %q", dir)
	}
	// exec copies stdout and stderr on two goroutines, and a gRPC stream allows one sender at a time.
	var sendMu sync.Mutex
	send := func(msg *pulumirpc.InstallDependenciesResponse) error {
		sendMu.Lock()
		defer sendMu.Unlock()
		return stream.Send(msg)
	}
	cmd := exec.CommandContext(stream.Context(), npm, "install")
	cmd.Dir = dir
	cmd.Stdout = streamWriter{send: func(b []byte) error {
		return send(&pulumirpc.InstallDependenciesResponse{Stdout: b})
	}}
	cmd.Stderr = streamWriter{send: func(b []byte) error {
		return send(&pulumirpc.InstallDependenciesResponse{Stderr: b})
	}}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("`npm install` in %q failed: %w", dir, err)
	}
	return nil
}

func (h *nodeHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd()
	}
	deps, err := installedDependencies(dir)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

func (h *nodeHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodePath, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("could not find `node` on PATH")
	}
	out, err := exec.CommandContext(ctx, nodePath, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("`%s --version` failed: %w", nodePath, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: nodePath,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

// installedDependencies lists the package.json dependencies of dir with the versions actually
// installed under node_modules (the declared range when a package is missing).
func installedDependencies(dir string) ([]*pulumirpc.DependencyInfo, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, fmt.Errorf("could not read the program's package.json: %w", err)
	}
	var manifest struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		return nil, fmt.Errorf("could not parse %s: %w", filepath.Join(dir, "package.json"), err)
	}
	declared := map[string]string{}
	for name, v := range manifest.DevDependencies {
		declared[name] = v
	}
	for name, v := range manifest.Dependencies {
		declared[name] = v
	}
	names := make([]string, 0, len(declared))
	for name := range declared {
		names = append(names, name)
	}
	sort.Strings(names)
	deps := make([]*pulumirpc.DependencyInfo, 0, len(names))
	for _, name := range names {
		v := declared[name]
		if installed, err := os.ReadFile(filepath.Join(dir, "node_modules", name, "package.json")); err == nil {
			var pkg struct {
				Version string `json:"version"`
			}
			if json.Unmarshal(installed, &pkg) == nil && pkg.Version != "" {
				v = pkg.Version
			}
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: name, Version: v})
	}
	return deps, nil
}

func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// streamWriter adapts a gRPC send function to io.Writer for a child process's output.
type streamWriter struct {
	send func([]byte) error
}

var _ io.Writer = streamWriter{}

func (w streamWriter) Write(p []byte) (int, error) {
	buf := make([]byte, len(p))
	copy(buf, p)
	if err := w.send(buf); err != nil {
		return 0, err
	}
	return len(p), nil
}
