// Command pulumi-language-nodejs is postgres-k8s' STAND-IN for Pulumi's Node.js language host.
//
// It is not Pulumi's pulumi-language-nodejs: the Go module proxy reachable on the project's
// machines does not serve github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
// at the commit of v3.248.0 (see docs/toolchain.md). This host implements only what
// `pulumi preview|up|destroy` of a Node.js/TypeScript program needs:
//
//   - GetRequiredPlugins: the resource plugins named by `"pulumi": {"resource": true, ...}`
//     in the package.json files under the program's node_modules;
//   - Run: runs `node <node_modules>/@pulumi/pulumi/cmd/run` with the engine's arguments and
//     the configuration in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS, as the SDK expects;
//   - RunPlugin: policy packs (kind "analyzer", `@pulumi/pulumi/cmd/run-policy-pack`) and
//     Node.js resource providers (kind "resource", `@pulumi/pulumi/cmd/run-plugin`), their
//     output streamed back to the engine;
//   - GetPluginInfo, Handshake.
//
// Everything else (InstallDependencies, About, GetProgramDependencies, code generation,
// packing, Bun) answers Unimplemented.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is reported by GetPluginInfo; set with -ldflags "-X main.version=...".
var version = "0.0.0-dev"

// exitCodeBail is what @pulumi/pulumi/cmd/run exits with after it has already reported the error.
const exitCodeBail = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "--version" || os.Args[1] == "version") {
		fmt.Println(version)
		return
	}
	// The engine passes its address as the last positional argument; flags such as -tracing
	// are accepted and ignored.
	h := &host{}
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			h.engineAddress = a
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// programDir is where the program's package.json lives.
func programDir(info *pulumirpc.ProgramInfo, pwd string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	return pwd
}

type packageJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Pulumi  struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

// nodeModules finds the nearest node_modules directory at or above dir.
func nodeModules(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		nm := filepath.Join(d, "node_modules")
		if st, err := os.Stat(nm); err == nil && st.IsDir() {
			return nm, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no node_modules directory at or above %s: run npm install", dir)
		}
	}
}

func (h *host) GetRequiredPlugins(_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	nm, err := nodeModules(programDir(req.GetInfo(), req.GetPwd()))
	if err != nil {
		return nil, err
	}
	// Top-level packages and scoped packages (@scope/name) of node_modules.
	manifests, _ := filepath.Glob(filepath.Join(nm, "*", "package.json"))
	scoped, _ := filepath.Glob(filepath.Join(nm, "@*", "*", "package.json"))
	seen := map[string]bool{}
	var plugins []*pulumirpc.PluginDependency
	for _, m := range append(manifests, scoped...) {
		b, err := os.ReadFile(m)
		if err != nil {
			continue
		}
		var p packageJSON
		if json.Unmarshal(b, &p) != nil || !p.Pulumi.Resource {
			continue
		}
		name := p.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(strings.TrimPrefix(p.Name, "@pulumi/"), "@")
		}
		v := p.Pulumi.Version
		if v == "" {
			v = p.Version
		}
		if v != "" && !strings.HasPrefix(v, "v") {
			v = "v" + v
		}
		if seen[name+"@"+v] {
			continue
		}
		seen[name+"@"+v] = true
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Name: name, Kind: "resource", Version: v, Server: p.Pulumi.Server,
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir := programDir(req.GetInfo(), req.GetPwd())
	nm, err := nodeModules(dir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	runPath := filepath.Join(nm, "@pulumi", "pulumi", "cmd", "run")
	if _, err := os.Stat(runPath); err != nil {
		return &pulumirpc.RunResponse{Error: "@pulumi/pulumi is not installed in " + nm}, nil
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "node is not on PATH"}, nil
	}

	args := []string{runPath}
	add := func(flag, v string) {
		if v != "" {
			args = append(args, "--"+flag, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	if req.GetInfo() != nil {
		add("root-directory", req.GetInfo().GetRootDirectory())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		add("parallel", fmt.Sprint(req.GetParallel()))
	}
	entry := "."
	if req.GetInfo() != nil && req.GetInfo().GetEntryPoint() != "" {
		entry = req.GetInfo().GetEntryPoint()
	} else if req.GetProgram() != "" {
		entry = req.GetProgram()
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secrets),
	)
	// Runtime options from Pulumi.yaml (runtime.options): typescript defaults to true.
	opts := map[string]any{}
	if req.GetInfo() != nil && req.GetInfo().GetOptions() != nil {
		opts = req.GetInfo().GetOptions().AsMap()
	}
	typescript := true
	if v, ok := opts["typescript"].(bool); ok {
		typescript = v
	}
	env = append(env, fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", typescript))
	if v, ok := opts["tsconfig"].(string); ok && v != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+v)
	}
	if v, ok := opts["nodeargs"].(string); ok && v != "" {
		args = append(strings.Fields(v), args...)
	}

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitCodeBail {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: "could not run node: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin runs a plugin written in Node.js: a policy pack or a resource provider.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, stream pulumirpc.LanguageRuntime_RunPluginServer) error {
	dir := programDir(req.GetInfo(), req.GetPwd())
	nm, err := nodeModules(dir)
	if err != nil {
		return err
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return errors.New("node is not on PATH")
	}
	var args []string
	switch req.GetKind() {
	case "analyzer":
		// run-policy-pack <engine-address> <program>
		args = []string{filepath.Join(nm, "@pulumi", "pulumi", "cmd", "run-policy-pack")}
		args = append(args, req.GetArgs()...)
		args = append(args, dir)
	case "resource", "":
		// run-plugin <program> <args...>
		args = []string{filepath.Join(nm, "@pulumi", "pulumi", "cmd", "run-plugin"), dir}
		args = append(args, req.GetArgs()...)
	default:
		return fmt.Errorf("plugin kind %q is not supported by this language host", req.GetKind())
	}

	cmd := exec.CommandContext(stream.Context(), nodeBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}

	var mu sync.Mutex // stream.Send is not safe for concurrent use
	send := func(resp *pulumirpc.RunPluginResponse) {
		mu.Lock()
		defer mu.Unlock()
		_ = stream.Send(resp)
	}
	var wg sync.WaitGroup
	pump := func(r interface{ Read([]byte) (int, error) }, isErr bool) {
		defer wg.Done()
		buf := make([]byte, 32*1024)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				chunk := append([]byte(nil), buf[:n]...)
				if isErr {
					send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: chunk}})
				} else {
					send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: chunk}})
				}
			}
			if err != nil {
				return
			}
		}
	}
	wg.Add(2)
	go pump(stdout, false)
	go pump(stderr, true)
	wg.Wait()

	code := int32(0)
	if err := cmd.Wait(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		code = int32(exitErr.ExitCode())
	}
	send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
	return nil
}
