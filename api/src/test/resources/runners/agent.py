"""A small agent for the process runner's tests: reads the step's input, prints JSON lines."""
import json
import os
import subprocess
import sys


def out(obj):
    print(json.dumps(obj), flush=True)


def say(text):
    out({"type": "message.created", "data": {"role": "assistant", "content": text}})


request = json.loads(sys.stdin.readline())
content = request["input"]["content"]

if content == "approve-me":
    if request["decision"] is None:
        say("about to deploy")
        out({"type": "approval_request", "action": "deploy prod", "details": {"env": "prod"}})
    else:
        say("decision: " + request["decision"]["decision"])
elif content == "crash":
    sys.stderr.write("something broke\n")
    sys.exit(3)
elif content == "long":
    child = subprocess.Popen(["sleep", "120"])
    with open("child.pid", "w") as f:
        f.write(str(child.pid))
    say("started a long job")
    child.wait()
    say("never")
else:
    with open("seen.txt", "w") as f:
        f.write(content)
    say("got: " + content)
    print("this line is not json", flush=True)
    sys.stderr.write("a log line\n")
    out({"type": "progress.updated", "data": {"percent": 100, "message": "done"}})
