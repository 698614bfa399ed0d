// The optional Service Bus transport (messagingTransport = 'ServiceBus'; docs/messaging.md): a
// namespace with local (SAS) auth off, the work queues, the change feed's topic with one
// session-enabled subscription per subscriber (a correlation filter on its to_<Subscriber>
// property), duplicate detection everywhere (message id = event id), the app's identity with Data
// Sender and Data Receiver on exactly the entities it sends to and reads, and an alert on
// dead-lettered messages. The names come from servicebus-names.json (ServiceBusNamesTests).

param name string
param location string
param tags object = {}

@allowed(['Standard', 'Premium'])
@description('Standard: pay per operation, shared capacity. Premium: dedicated messaging units, a fixed hourly price (docs/messaging.md).')
param sku string = 'Standard'

@allowed([1, 2, 4, 8, 16])
@description('Premium only: messaging units.')
param premiumCapacity int = 1

@description('Name of the app\'s user-assigned managed identity.')
param appIdentityName string

@minValue(1)
@maxValue(100)
@description('Deliveries before the broker dead-letters a message (the Storage queues\' maxDequeueCount is 5).')
param maxDeliveryCount int = 5

@description('How long the broker remembers message ids to drop duplicates (ISO 8601, 20 s to 7 days).')
param duplicateDetectionWindow string = 'PT10M'

@description('Resource id of an action group the dead-letter alert notifies; empty: the alert fires without notifying anyone.')
param alertActionGroupId string = ''

var names = loadJsonContent('servicebus-names.json')
var lockDuration = 'PT1M'
var messageTimeToLive = 'P14D'

// Built-in role definition ids (the same in every tenant).
var serviceBusDataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var serviceBusDataReceiverRoleId = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: sku == 'Premium'
    ? { name: 'Premium', tier: 'Premium', capacity: premiumCapacity }
    : { name: 'Standard', tier: 'Standard' }
  properties: {
    // Entra ID only: no SAS keys, no connection strings.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

// The work queues: change-feed (announcements, read by PublishChanges) and notifications.
resource queues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queue in names.queues: {
    parent: namespace
    name: queue
    properties: {
      maxDeliveryCount: maxDeliveryCount
      lockDuration: lockDuration
      defaultMessageTimeToLive: messageTimeToLive
      deadLetteringOnMessageExpiration: true
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      requiresSession: false
    }
  }
]

// The change feed: PublishChanges sends each committed change once; the broker fans it out.
resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: names.topic
  properties: {
    defaultMessageTimeToLive: messageTimeToLive
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    supportOrdering: true
  }
}

// One per subscriber, session-enabled: a record's events (session id = the record) are handled in order.
resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for subscriber in names.subscriptions: {
    parent: topic
    name: subscriber
    properties: {
      requiresSession: true
      maxDeliveryCount: maxDeliveryCount
      lockDuration: lockDuration
      defaultMessageTimeToLive: messageTimeToLive
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
    }
  }
]

// Replaces the subscription's default catch-all rule: only messages routed to this subscriber.
resource routes 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (subscriber, i) in names.subscriptions: {
    parent: subscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'CorrelationFilter'
      correlationFilter: {
        properties: {
          'to_${subscriber}': 'yes'
        }
      }
    }
  }
]

// The app sends announcements and notifications, and reads them (the host's triggers; the admin
// endpoints read and resend dead letters): Sender and Receiver on each queue.
resource queueSenders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queue, i) in names.queues: {
    name: guid(queues[i].id, appIdentity.id, serviceBusDataSenderRoleId)
    scope: queues[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSenderRoleId)
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource queueReceivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queue, i) in names.queues: {
    name: guid(queues[i].id, appIdentity.id, serviceBusDataReceiverRoleId)
    scope: queues[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiverRoleId)
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The app publishes on the topic (and resends dead letters there) ...
resource topicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, appIdentity.id, serviceBusDataSenderRoleId)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSenderRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ... and reads each subscription (and its dead letters), never the topic as a whole.
resource subscriptionReceivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (subscriber, i) in names.subscriptions: {
    name: guid(subscriptions[i].id, appIdentity.id, serviceBusDataReceiverRoleId)
    scope: subscriptions[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiverRoleId)
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// A message in any dead-letter queue means a function gave up on it: an admin lists it and sends it
// back after the fix (GET /api/admin/feed/{name}/poison, POST .../poison/retry).
resource deadLetterAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'dead-letters-${name}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages were dead-lettered in ${name}: a subscriber or work queue gave up on them after ${maxDeliveryCount} deliveries. See docs/messaging.md.'
    severity: 2
    enabled: true
    scopes: [namespace.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'DeadLetteredMessages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: ['*']
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Average'
        }
      ]
    }
    actions: empty(alertActionGroupId) ? [] : [{ actionGroupId: alertActionGroupId }]
  }
}

output name string = namespace.name
@description('The namespace\'s host name, for ServiceBusConnection__fullyQualifiedNamespace.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
