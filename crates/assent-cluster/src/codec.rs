//! How Assent's plan step travels between the client, the scheduler and the executors: Ballista's
//! own codecs, plus [`ShardWrite`] (client → scheduler) and [`ShardWriteExec`] (scheduler →
//! executors). Assent's scalar functions travel by name; every process registers them.
//!
//! Assent's nodes are encoded as a tag that no protobuf message can start with (a zero byte is
//! field number 0, which protobuf forbids), then the [`WriteSpec`] as JSON.

use std::sync::Arc;

use ballista_core::serde::{BallistaLogicalExtensionCodec, BallistaPhysicalExtensionCodec};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::TableProvider;
use datafusion::common::{internal_err, DataFusionError, Result, TableReference};
use datafusion::datasource::file_format::FileFormatFactory;
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{Extension, LogicalPlan, ScalarUDF};
use datafusion::physical_plan::ExecutionPlan;
use datafusion_proto::logical_plan::LogicalExtensionCodec;
use datafusion_proto::physical_plan::{PhysicalExtensionCodec, PhysicalProtoConverterExtension};

use crate::write::{ShardWrite, ShardWriteExec, WriteSpec};

const TAG: &[u8] = b"\0assent-shard-write\0";

fn encode(spec: &WriteSpec, buf: &mut Vec<u8>) -> Result<()> {
    buf.extend_from_slice(TAG);
    serde_json::to_writer(buf, spec).map_err(|e| DataFusionError::Internal(format!("encoding {spec:?}: {e}")))
}

/// The spec of an Assent node, or `None` for a buffer some other codec wrote.
fn decode(buf: &[u8]) -> Result<Option<WriteSpec>> {
    match buf.strip_prefix(TAG) {
        Some(json) => serde_json::from_slice(json)
            .map(Some)
            .map_err(|e| DataFusionError::Internal(format!("decoding an AssentShardWrite: {e}"))),
        None => Ok(None),
    }
}

fn only_input<T: Clone>(inputs: &[T]) -> Result<T> {
    match inputs {
        [input] => Ok(input.clone()),
        _ => internal_err!("AssentShardWrite takes exactly one input, not {}", inputs.len()),
    }
}

/// Logical plans: Ballista's codec plus [`ShardWrite`].
#[derive(Debug, Default)]
pub struct AssentLogicalCodec {
    inner: BallistaLogicalExtensionCodec,
}

impl LogicalExtensionCodec for AssentLogicalCodec {
    fn try_decode(&self, buf: &[u8], inputs: &[LogicalPlan], ctx: &TaskContext) -> Result<Extension> {
        match decode(buf)? {
            Some(spec) => Ok(Extension { node: Arc::new(ShardWrite::new(only_input(inputs)?, spec)?) }),
            None => self.inner.try_decode(buf, inputs, ctx),
        }
    }

    fn try_encode(&self, node: &Extension, buf: &mut Vec<u8>) -> Result<()> {
        match node.node.as_any().downcast_ref::<ShardWrite>() {
            Some(write) => encode(&write.spec, buf),
            None => self.inner.try_encode(node, buf),
        }
    }

    fn try_decode_table_provider(
        &self,
        buf: &[u8],
        table_ref: &TableReference,
        schema: SchemaRef,
        ctx: &TaskContext,
    ) -> Result<Arc<dyn TableProvider>> {
        self.inner.try_decode_table_provider(buf, table_ref, schema, ctx)
    }

    fn try_encode_table_provider(
        &self,
        table_ref: &TableReference,
        node: Arc<dyn TableProvider>,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        self.inner.try_encode_table_provider(table_ref, node, buf)
    }

    fn try_decode_file_format(&self, buf: &[u8], ctx: &TaskContext) -> Result<Arc<dyn FileFormatFactory>> {
        self.inner.try_decode_file_format(buf, ctx)
    }

    fn try_encode_file_format(&self, buf: &mut Vec<u8>, node: Arc<dyn FileFormatFactory>) -> Result<()> {
        self.inner.try_encode_file_format(buf, node)
    }

    fn try_decode_udf(&self, name: &str, buf: &[u8]) -> Result<Arc<ScalarUDF>> {
        self.inner.try_decode_udf(name, buf)
    }

    fn try_encode_udf(&self, node: &ScalarUDF, buf: &mut Vec<u8>) -> Result<()> {
        self.inner.try_encode_udf(node, buf)
    }
}

/// Physical plans: Ballista's codec plus [`ShardWriteExec`].
#[derive(Debug, Default)]
pub struct AssentPhysicalCodec {
    inner: BallistaPhysicalExtensionCodec,
}

impl PhysicalExtensionCodec for AssentPhysicalCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[Arc<dyn ExecutionPlan>],
        ctx: &TaskContext,
        proto_converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        match decode(buf)? {
            Some(spec) => Ok(Arc::new(ShardWriteExec::new(only_input(inputs)?, spec))),
            None => self.inner.try_decode(buf, inputs, ctx, proto_converter),
        }
    }

    fn try_encode(
        &self,
        node: Arc<dyn ExecutionPlan>,
        buf: &mut Vec<u8>,
        proto_converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<()> {
        match node.downcast_ref::<ShardWriteExec>() {
            Some(write) => encode(write.spec(), buf),
            None => self.inner.try_encode(node, buf, proto_converter),
        }
    }

    fn try_decode_udf(&self, name: &str, buf: &[u8]) -> Result<Arc<ScalarUDF>> {
        self.inner.try_decode_udf(name, buf)
    }

    fn try_encode_udf(&self, node: &ScalarUDF, buf: &mut Vec<u8>) -> Result<()> {
        self.inner.try_encode_udf(node, buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_survives_the_trip_and_foreign_buffers_pass_through() {
        let spec = WriteSpec { dir: "/data/.ds.partial-1".into(), shards: 16 };
        let mut buf = Vec::new();
        encode(&spec, &mut buf).unwrap();
        assert_eq!(decode(&buf).unwrap(), Some(spec));
        assert_eq!(decode(b"\x0a\x02hi").unwrap(), None, "a protobuf message is not ours");
        let mut bad = TAG.to_vec();
        bad.extend_from_slice(b"{not json");
        assert!(decode(&bad).is_err(), "a damaged node is an error, never another codec's");
    }
}
