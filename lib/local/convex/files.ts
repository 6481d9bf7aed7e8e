/**
 * ctx.storage: file bytes under <dataDir>/storage, metadata in the `_storage`
 * system table. Upload URLs carry an HMAC token so only URLs this deployment
 * handed out accept uploads.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Exec, WriteSet } from "./context";
import type { Runtime } from "./runtime";
import { parseDoc, type Doc } from "./store";

const TABLE = "_storage";

export class Files {
  private dir: string;
  private secret = crypto.randomBytes(32);
  /** Files whose delete is written but not yet committed. */
  private doomed = new Set<string>();

  constructor(
    private rt: Runtime,
    dataDir: string,
  ) {
    this.dir = path.join(dataDir, "storage");
    fs.mkdirSync(this.dir, { recursive: true });
    rt.onCommit((writes) => this.unlinkCommitted(writes));
  }

  uploadUrl(): string {
    const nonce = crypto.randomBytes(12).toString("base64url");
    const sig = crypto.createHmac("sha256", this.secret).update(nonce).digest("base64url");
    return `${this.rt.urls.cloud}/api/storage/upload?token=${nonce}.${sig}`;
  }

  checkUploadToken(token: string | null): boolean {
    const [nonce, sig] = (token ?? "").split(".");
    if (!nonce || !sig) return false;
    const expected = crypto.createHmac("sha256", this.secret).update(nonce).digest();
    const given = Buffer.from(sig, "base64url");
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }

  url(id: string): string | null {
    return this.metadata(id) ? `${this.rt.urls.cloud}/api/storage/${id}` : null;
  }

  metadata(id: string): { _id: string; sha256: string; size: number; contentType?: string } | null {
    if (this.rt.store.tableNameOfId(id) !== TABLE) return null;
    const json = this.rt.store.getJson(id, false);
    return json ? (parseDoc(json) as unknown as { _id: string; sha256: string; size: number; contentType?: string }) : null;
  }

  /** Stores bytes and records them; usable from actions and the upload endpoint. */
  async store(_exec: Exec | null, blob: Blob): Promise<string> {
    const bytes = Buffer.from(await blob.arrayBuffer());
    const sha256 = crypto.createHash("sha256").update(bytes).digest("base64");
    return this.rt.mutateAs(null, "_system:storage", (exec) => {
      const id = this.rt.store.newId(TABLE);
      fs.writeFileSync(path.join(this.dir, id), bytes);
      const doc = {
        _id: id,
        _creationTime: this.rt.store.nextCreationTime(),
        sha256,
        size: bytes.length,
        ...(blob.type ? { contentType: blob.type } : {}),
      } as Doc;
      this.rt.applyWrite(exec, TABLE, null, doc);
      return id;
    });
  }

  async get(id: string): Promise<Blob | null> {
    const meta = this.metadata(id);
    if (!meta) return null;
    return new Blob([fs.readFileSync(path.join(this.dir, id))], { type: meta.contentType ?? "application/octet-stream" });
  }

  async delete(exec: Exec, id: string) {
    const remove = (inner: Exec) => {
      const json = this.rt.store.getJson(id, true);
      if (!json) throw new Error(`Storage ID ${id} not found`);
      this.rt.applyWrite(inner, TABLE, parseDoc(json), null);
    };
    // The bytes go only once the delete commits: a rolled-back delete must
    // still find them. (A timer would also outlive a closed store.)
    this.doomed.add(id);
    if (exec.scope?.write) remove(exec);
    else await this.rt.mutateAs(null, "_system:storage", remove);
  }

  private unlinkCommitted(writes: WriteSet) {
    for (const id of this.doomed) {
      if (!writes.ids.has(id)) continue;
      this.doomed.delete(id);
      fs.rmSync(path.join(this.dir, id), { force: true });
    }
  }
}
